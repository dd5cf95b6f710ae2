// GOV.UK Frontend: mark the page as JavaScript-enabled before it paints.
document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');
