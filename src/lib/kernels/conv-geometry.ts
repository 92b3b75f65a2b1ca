/**
 * Kernel attributes → the shapes, strides and padding of a 2-D convolution or
 * pooling, computed by TF.js's own backend_util exactly as the 'cpu' backend
 * does, so 'same' padding splits the same way (the extra row goes at the
 * bottom/right) and dimRoundingMode means the same thing.
 */
import * as tf from '@tensorflow/tfjs';

export type ConvGeometry = tf.backend_util.Conv2DInfo;
type Shape4D = [number, number, number, number];

function asShape4D(shape: readonly number[], what: string): Shape4D {
  if (shape.length !== 4) throw new Error(`${what} must be rank 4, got shape [${shape.join(', ')}]`);
  return shape as Shape4D;
}

/** Our loops assume NHWC; NCHW would need a transposed copy, which no Digit Lab model needs. */
function requireChannelsLast(kernelName: string, dataFormat: string | undefined): void {
  if (dataFormat !== undefined && dataFormat !== 'NHWC') {
    throw new Error(`${kernelName} (Digit Lab wasm kernel) supports only dataFormat NHWC, got ${dataFormat}`);
  }
}

/** Geometry of the forward conv whose input x has `inputShape` and whose filter has `filterShape`. */
export function conv2dGeometry(
  kernelName: string,
  inputShape: readonly number[],
  filterShape: readonly number[],
  attrs: tf.Conv2DBackpropFilterAttrs | tf.Conv2DBackpropInputAttrs,
): ConvGeometry {
  requireChannelsLast(kernelName, attrs.dataFormat);
  return tf.backend_util.computeConv2DInfo(
    asShape4D(inputShape, `${kernelName} input`),
    asShape4D(filterShape, `${kernelName} filter`),
    attrs.strides,
    1, // the Conv2D gradient in TF.js asserts dilations = 1
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    'channelsLast',
  );
}

export function depthwiseConv2dGeometry(
  kernelName: string,
  inputShape: readonly number[],
  attrs: tf.DepthwiseConv2dNativeBackpropFilterAttrs,
): ConvGeometry {
  return tf.backend_util.computeConv2DInfo(
    asShape4D(inputShape, `${kernelName} input`),
    asShape4D(attrs.filterShape, `${kernelName} filter`),
    attrs.strides,
    attrs.dilations,
    attrs.pad,
    attrs.dimRoundingMode,
    true,
  );
}

export function maxPoolGeometry(inputShape: readonly number[], attrs: tf.MaxPoolGradAttrs): ConvGeometry {
  return tf.backend_util.computePool2DInfo(
    asShape4D(inputShape, 'MaxPoolGrad input'),
    attrs.filterSize,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
}
