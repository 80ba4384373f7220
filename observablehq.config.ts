// Observable Framework configuration. No CDN: every import is a bare specifier resolved
// from node_modules, and no global stylesheet (fonts) is fetched.
export default {
  title: "ОС PASS24 — аналитика",
  root: "src",
  // where `observable build` writes the site (loaders/site/build.ts may name another folder)
  output: process.env.SITE_OUTPUT_DIR || "dist",
  lang: "ru",
  // style.css imports the themes itself ("air" light, "near-midnight" dark, "alt", "wide"): a
  // custom stylesheet replaces the theme option, which is kept here for documentation.
  theme: ["air", "near-midnight", "alt", "wide"],
  style: "style.css",
  globalStylesheets: [],
  // an inline empty icon: no /favicon.ico request (a 404 would be a console error)
  // (and the sidebar toggle's title, which Framework writes in English, in Russian)
  head:
    '<link rel="icon" href="data:,">' +
    "<script>addEventListener(\"DOMContentLoaded\",()=>{const t=document.getElementById(\"observablehq-sidebar-toggle\");if(t)t.title=\"Показать или скрыть меню\"})</script>",
  toc: { label: "Содержание" },
  search: false,
  footer: "Отдел сопровождения PASS24 · данные из выгрузок Bitrix24",
  pages: [
    { name: "Ежемесячный отчёт", path: "/" },
    { name: "Техподдержка", path: "/support" },
    { name: "Клиенты", path: "/clients" },
    { name: "Внедрение и выезды", path: "/projects" },
    { name: "Нагрузка по ролям", path: "/workload" },
    { name: "Качество данных", path: "/data-quality" },
    { name: "Загрузки", path: "/imports" },
    { name: "Симулятор", path: "/simulator" },
    { name: "Обоснование найма", path: "/hiring" },
    { name: "Методика", path: "/methodology" },
  ],
};
