// The interface's messages in the site's language. The build replaces this file
// with one generated from the catalogues (generator/i18n/browser.py); this one,
// with no messages, keeps the theme working on its own (in English).
export default {"language": "en", "messages": {}};
