/**
 * pptxgenjs, typed. Its ES build (what the site bundles) exports the presentation class as the
 * default export; its type declarations are read as CommonJS under NodeNext, where that class
 * is the module's `default` member. This module gives the class and its types one name.
 */
import pptxgenjs from "pptxgenjs";

type Declared = typeof pptxgenjs.default;
export type Presentation = InstanceType<Declared>;
export type Slide = pptxgenjs.default.Slide;
export type TableCell = pptxgenjs.default.TableCell;
export type TableCellProps = pptxgenjs.default.TableCellProps;
export type TextProps = pptxgenjs.default.TextProps;
export type ChartOptions = pptxgenjs.default.IChartOpts;

/** The presentation class, whichever way the bundler exposes it. */
export const PresentationClass: Declared = ((pptxgenjs as unknown as { default?: Declared }).default ?? (pptxgenjs as unknown as Declared));
