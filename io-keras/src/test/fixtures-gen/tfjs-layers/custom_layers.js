// The TF.js twin of custom_layers.py (io-keras custom-layer fixtures): a user layer registered with
// tf.serialization.registerClass, which writes class_name "ScaleShift" into model.json.
//   y = x * scale + shift_bias + offset, then tanh when squash; weights scale [d], shift_bias [d]
// Used by gen_custom_layer.js (fixtures) and by ../../interop/tfjs/predict.js <dir> <in> <out> <this file>
// (TF.js loads what Engram wrote).
'use strict';

function define(tf) {
  class ScaleShift extends tf.layers.Layer {
    constructor(config) {
      super(config);
      this.offset = config.offset == null ? 0 : config.offset;
      this.squash = !!config.squash;
      this.label = config.label == null ? '' : config.label;
    }

    build(inputShape) {
      const d = inputShape[inputShape.length - 1];
      this.scale = this.addWeight('scale', [d], 'float32', tf.initializers.ones());
      this.shiftBias = this.addWeight('shift_bias', [d], 'float32', tf.initializers.zeros());
      this.built = true;
    }

    computeOutputShape(inputShape) {
      return inputShape;
    }

    call(inputs) {
      return tf.tidy(() => {
        const x = Array.isArray(inputs) ? inputs[0] : inputs;
        const y = x.mul(this.scale.read()).add(this.shiftBias.read()).add(this.offset);
        return this.squash ? tf.tanh(y) : y;
      });
    }

    getConfig() {
      return Object.assign({}, super.getConfig(), {offset: this.offset, squash: this.squash, label: this.label});
    }

    static get className() {
      return 'ScaleShift';
    }
  }
  tf.serialization.registerClass(ScaleShift);
  return ScaleShift;
}

module.exports = {define};
