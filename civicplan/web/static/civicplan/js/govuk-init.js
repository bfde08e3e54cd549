// CivicPlan: initialise all GOV.UK Frontend components on the page.
// Loaded from base.html as <script type="module">; GOV.UK Frontend's
// components only start when <body> has the govuk-frontend-supported class
// (set by init.js).
import { initAll } from './govuk-frontend.min.js'

initAll()
