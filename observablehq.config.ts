// Observable Framework configuration. No CDN: every import is a bare specifier resolved
// from node_modules, and no global stylesheet (fonts) is fetched.
export default {
  title: "ОС PASS24 — аналитика",
  root: "src",
  lang: "ru",
  theme: ["air", "near-midnight", "alt", "wide"],
  style: "style.css",
  globalStylesheets: [],
  search: false,
  footer: "Отдел сопровождения PASS24 · данные из выгрузок Bitrix24",
  pages: [
    { name: "Качество данных", path: "/data-quality" },
    { name: "Симулятор", path: "/simulator" },
    { name: "Обоснование найма", path: "/hiring" },
    { name: "Методика", path: "/methodology" },
  ],
};
