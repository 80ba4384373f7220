/** A slide SVG rasterised to PNG in the browser (canvas), at 2× the slide's size by default. */
import { SLIDE_HEIGHT, SLIDE_WIDTH } from "./slide-layout.js";

export const PNG_SCALE = 2;

export async function svgToPngBlob(svgMarkup: string, scale = PNG_SCALE): Promise<Blob> {
  const image = new Image();
  // onload rather than decode(): decode() of an SVG image can stay pending in Chromium
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("SVG не отрисовался за 15 с")), 15_000);
    image.onload = () => {
      clearTimeout(timer);
      resolve();
    };
    image.onerror = () => {
      clearTimeout(timer);
      reject(new Error("SVG не читается как изображение"));
    };
    image.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(svgMarkup);
  });
  const canvas = document.createElement("canvas");
  canvas.width = SLIDE_WIDTH * scale;
  canvas.height = SLIDE_HEIGHT * scale;
  const context = canvas.getContext("2d");
  if (!context) throw new Error("Canvas 2D недоступен");
  context.drawImage(image, 0, 0, canvas.width, canvas.height);
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("PNG не создан"))), "image/png"),
  );
}
