/** Saving a file from the page: a safe file name and the download of a Blob. */

/** A safe file name: lower case, letters (Latin or Cyrillic), digits, «-» and «_» only. */
export function exportFilename(base: string, extension: "svg" | "png" | "csv"): string {
  const safe = base
    .toLowerCase()
    .replace(/[^a-z0-9а-яё_-]+/g, "-")
    .replace(/-+/g, "-")
    .replace(/^[-_]+|[-_]+$/g, "")
    .slice(0, 80);
  return `${safe || "chart"}.${extension}`;
}

export function downloadBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  link.style.display = "none";
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
