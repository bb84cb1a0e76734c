"""Every string activation of Keras 3.10 and tf-keras 2.18, evaluated by the peer itself (ActivationPeerTest).

Run with the pinned interpreter (Keras 3.10.0 + tf-keras 2.18.0, TensorFlow backend, CPU; io-keras's
requirements.txt):
    bash io-keras/src/test/interop/keras/setup_venv.sh
    io-keras/target/keras-venv/bin/python io-keras/src/test/fixtures-gen/keras/gen_activations.py
Writes io-keras/src/test/resources/activations/{keras3,tfkeras2}.json: for each activation name, the
values on a fixed float32 grid and the gradient of sum(w * f(x)) with respect to x (w a fixed ramp), both
computed by the peer (keras.activations.get(name) and tf.GradientTape). Row-wise functions (softmax,
log_softmax) are evaluated on rows of 8.
"""
import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")
os.environ["KERAS_BACKEND"] = "tensorflow"

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "resources", "activations")

KERAS3 = ["linear", "relu", "relu6", "elu", "selu", "tanh", "sigmoid", "hard_sigmoid", "softmax", "softplus",
          "softsign", "swish", "silu", "gelu", "exponential", "mish", "log_softmax", "log_sigmoid", "hard_silu",
          "hard_swish", "leaky_relu", "celu", "hard_tanh", "tanh_shrink", "hard_shrink", "soft_shrink", "squareplus",
          "sparse_plus", "sparse_sigmoid"]
TFKERAS2 = ["linear", "relu", "elu", "selu", "tanh", "sigmoid", "hard_sigmoid", "softmax", "softplus", "softsign",
            "swish", "gelu", "exponential", "mish"]


def grid():
    # 96 points over [-7, 7], kept away from the kinks (0, +-0.5, +-1, +-3, 6) by an irrational step,
    # plus a few large magnitudes for the saturating branches.
    x = np.linspace(-7.0, 7.0, 88) + 0.0137
    x = np.concatenate([x, [-30.0, -12.5, 12.5, 30.0, -0.25, 0.25, 0.75, -0.75]])
    return x.astype(np.float32)


def record(get, names):
    x = grid()
    w = np.linspace(-1.0, 1.0, x.size).astype(np.float32)
    out = {"x": [float(v) for v in x], "w": [float(v) for v in w], "rows": 8, "activations": {}}
    for name in names:
        f = get(name)
        xt = tf.constant(x.reshape(-1, 8))
        with tf.GradientTape() as tape:
            tape.watch(xt)
            y = f(xt)
            s = tf.reduce_sum(y * tf.constant(w.reshape(-1, 8)))
        g = tape.gradient(s, xt)
        out["activations"][name] = {"y": [float(v) for v in np.asarray(y).reshape(-1)],
                                    "dx": [float(v) for v in np.asarray(g).reshape(-1)]}
    return out


def main():
    os.makedirs(OUT, exist_ok=True)
    import keras
    import tf_keras
    for tag, get, names, version in (("keras3", keras.activations.get, KERAS3, "keras " + keras.__version__),
                                     ("tfkeras2", tf_keras.activations.get, TFKERAS2,
                                      "tf_keras " + tf_keras.__version__)):
        rec = record(get, names)
        rec["generator"] = "io-keras/src/test/fixtures-gen/keras/gen_activations.py, " + version
        with open(os.path.join(OUT, tag + ".json"), "w") as fh:
            json.dump(rec, fh, separators=(",", ":"))
            fh.write("\n")
    print("wrote", OUT, file=sys.stderr)


if __name__ == "__main__":
    main()
