// CivicPlan: mark the page as JavaScript-enabled, and as supported by GOV.UK
// Frontend (browsers with ES module support), before components initialise.
// This is GOV.UK Frontend's page-template snippet, kept in a static file so
// no inline script is needed under a Content Security Policy.
// Loaded with `defer` from base.html, before the type="module" govuk-init.js,
// so it runs first (deferred and module scripts run in document order).
document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');
