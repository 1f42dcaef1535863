/**
 * Point markers drawn on a chart's canvas: a shape per series, so the series stay apart without colour (for
 * colour-blind students and grey projectors), filled for a sure figure and hollow for a noisy one.
 */
export type MarkerShape = 'circle' | 'square' | 'triangle' | 'diamond';

const SHAPES: readonly MarkerShape[] = ['circle', 'square', 'triangle', 'diamond'];

export function markerShape(seriesIndex: number): MarkerShape {
  return SHAPES[seriesIndex % SHAPES.length]!;
}

/** Traces the shape centred on (x, y) with "radius" r, in canvas pixels. */
function trace(ctx: CanvasRenderingContext2D, shape: MarkerShape, x: number, y: number, r: number): void {
  ctx.beginPath();
  switch (shape) {
    case 'circle':
      ctx.arc(x, y, r, 0, 2 * Math.PI);
      break;
    case 'square':
      ctx.rect(x - r * 0.85, y - r * 0.85, r * 1.7, r * 1.7);
      break;
    case 'triangle':
      ctx.moveTo(x, y - r * 1.1);
      ctx.lineTo(x + r, y + r * 0.75);
      ctx.lineTo(x - r, y + r * 0.75);
      ctx.closePath();
      break;
    case 'diamond':
      ctx.moveTo(x, y - r * 1.15);
      ctx.lineTo(x + r, y);
      ctx.lineTo(x, y + r * 1.15);
      ctx.lineTo(x - r, y);
      ctx.closePath();
      break;
  }
}

export interface MarkerStyle {
  colour: string;
  /** What a hollow marker is filled with: the chart's background, so the line does not show through. */
  background: string;
  hollow: boolean;
  /** Canvas pixels per CSS pixel. */
  pxRatio: number;
}

export function drawMarker(ctx: CanvasRenderingContext2D, shape: MarkerShape, x: number, y: number, style: MarkerStyle): void {
  const r = 4.5 * style.pxRatio;
  trace(ctx, shape, x, y, r);
  ctx.fillStyle = style.hollow ? style.background : style.colour;
  ctx.fill();
  ctx.lineWidth = 2 * style.pxRatio;
  ctx.strokeStyle = style.colour;
  ctx.stroke();
}

/** The same shape as a small SVG path for a legend (12×12 box), so legend and chart agree. */
export function markerPath(shape: MarkerShape): string {
  switch (shape) {
    case 'circle':
      return 'M6 2a4 4 0 1 0 0.001 0Z';
    case 'square':
      return 'M2.6 2.6h6.8v6.8h-6.8Z';
    case 'triangle':
      return 'M6 1.6L10 9H2Z';
    case 'diamond':
      return 'M6 1.4L10 6L6 10.6L2 6Z';
  }
}
