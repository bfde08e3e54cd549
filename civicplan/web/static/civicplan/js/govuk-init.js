// CivicPlan: initialise all GOV.UK Frontend components on the page.
// Loaded from base.html as <script type="module">; GOV.UK Frontend's
// components only start when <body> has the govuk-frontend-supported class
// (set by init.js).
import { initAll } from './govuk-frontend.min.js'

initAll()

// A wide table scrolls inside its own region on a narrow screen (css/narrow.css). Where it
// does scroll, let the keyboard reach it and name it after the table's caption (or data-name).
function markScrollingTables () {
  for (const region of document.querySelectorAll('.app-table-scroll')) {
    const scrolls = region.scrollWidth > region.clientWidth + 1
    if (scrolls && !region.hasAttribute('tabindex')) {
      const caption = region.querySelector('caption')
      const name = caption ? caption.textContent.trim().replace(/\s+/g, ' ') : (region.dataset.name || 'Table')
      region.setAttribute('tabindex', '0')
      region.setAttribute('role', 'region')
      region.setAttribute('aria-label', `${name} (scrolls sideways)`)
    } else if (!scrolls && region.getAttribute('role') === 'region') {
      region.removeAttribute('tabindex')
      region.removeAttribute('role')
      region.removeAttribute('aria-label')
    }
  }
}
markScrollingTables()
window.addEventListener('resize', markScrollingTables)
