"""A user-defined, registered Keras layer for the custom-layer extension fixtures (io-keras).

Imported by gen_custom_layer.py (fixtures) and, through keras_predict.py --register, by the live
round trip (Keras loads what Engram wrote). Engram's Java twin is the test class
dev.engram.io.keras.ScaleShift, registered as "engram_test>ScaleShift".

    y = x * scale + shift_bias + offset, then tanh when squash is true
    weights: scale [d] (add_weight order 0), shift_bias [d] (order 1)
"""


def define(k):
    """Defines and registers ScaleShift with Keras module k (tf_keras or keras); returns the class."""
    register = k.saving.register_keras_serializable if hasattr(k, "saving") and hasattr(
        k.saving, "register_keras_serializable") else k.utils.register_keras_serializable

    @register(package="engram_test")
    class ScaleShift(k.layers.Layer):
        def __init__(self, offset=0.0, squash=False, label="", **kwargs):
            super().__init__(**kwargs)
            self.offset = offset
            self.squash = squash
            self.label = label

        def build(self, input_shape):
            d = int(input_shape[-1])
            self.scale = self.add_weight(name="scale", shape=(d,), initializer="ones")
            self.shift_bias = self.add_weight(name="shift_bias", shape=(d,), initializer="zeros")
            super().build(input_shape)

        def call(self, x):
            y = x * self.scale + self.shift_bias + self.offset
            return k.activations.tanh(y) if self.squash else y

        def get_config(self):
            c = super().get_config()
            c.update({"offset": self.offset, "squash": self.squash, "label": self.label})
            return c

    return ScaleShift
