"""Keras 3 records for Engram's metrics and sample/class weights (MetricsKerasParityTest).

Run with the pinned interpreter (Keras 3.10.0, TensorFlow backend, CPU; io-keras's requirements.txt):
    bash io-keras/src/test/interop/keras/setup_venv.sh
    io-keras/target/keras-venv/bin/python engine/src/test/fixtures-gen/keras/gen_metrics.py
Writes engine/src/test/resources/keras/metrics/record.json. Every expected number is computed by Keras
(stateful metrics updated batch by batch, as in an epoch); the script only makes seeded data.
"""
import json
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")
os.environ["KERAS_BACKEND"] = "tensorflow"

import numpy as np  # noqa: E402
import keras  # noqa: E402
from keras.src.trainers.data_adapters import data_adapter_utils  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "resources", "keras", "metrics")


def t(a):
    a = np.asarray(a, dtype=np.float32)
    return {"shape": list(a.shape), "data": [float(v) for v in a.reshape(-1)]}


def run(metric, batches):
    per_batch = []
    for y, p in batches:
        metric.update_state(y, p)
        per_batch.append(float(metric.result()))
    return {"running": per_batch, "final": float(metric.result())}


def main():
    rng = np.random.default_rng(2026)
    # Binary scores: three batches of different sizes, with values exactly on thresholds.
    binary = []
    for n in (7, 12, 5):
        y = (rng.uniform(size=(n, 1)) < 0.4).astype(np.float32)
        p = np.clip(rng.uniform(size=(n, 1)) * 0.6 + 0.4 * y, 0, 1).astype(np.float32)
        binary.append((y, p))
    binary[0][1][0, 0] = 0.5
    binary[0][1][1, 0] = 0.0
    binary[1][1][0, 0] = 1.0
    binary[1][1][1, 0] = 0.005025126
    # Regression values, some targets 0 (MAPE's epsilon).
    regression = []
    for n in (6, 9):
        y = rng.normal(size=(n, 3)).astype(np.float32)
        y[0, 0] = 0.0
        p = (y + rng.normal(scale=0.3, size=(n, 3))).astype(np.float32)
        regression.append((y, p))
    # Categorical scores over 6 classes, with a tie at the top-k boundary.
    categorical = []
    for n in (8, 5):
        cls = rng.integers(0, 6, size=n)
        y = np.eye(6, dtype=np.float32)[cls]
        p = rng.dirichlet(np.ones(6), size=n).astype(np.float32)
        categorical.append((y, p, cls.astype(np.float32)))
    categorical[0][1][0] = np.array([0.3, 0.2, 0.2, 0.1, 0.1, 0.1], dtype=np.float32)
    categorical[0][0][0] = np.eye(6, dtype=np.float32)[2]
    categorical[0][2][0] = 2.0

    record = {
        "binary": [{"y": t(y), "p": t(p)} for y, p in binary],
        "regression": [{"y": t(y), "p": t(p)} for y, p in regression],
        "categorical": [{"y": t(y), "p": t(p), "cls": t(c)} for y, p, c in categorical],
        "metrics": {
            "precision": run(keras.metrics.Precision(), binary),
            "recall": run(keras.metrics.Recall(), binary),
            "auc": run(keras.metrics.AUC(), binary),
            "pr_auc": run(keras.metrics.AUC(curve="PR"), binary),
            "auc_7": run(keras.metrics.AUC(num_thresholds=7), binary),
            "root_mean_squared_error": run(keras.metrics.RootMeanSquaredError(), regression),
            "mean_absolute_percentage_error": run(keras.metrics.MeanAbsolutePercentageError(), regression),
            "top_k_categorical_accuracy": run(keras.metrics.TopKCategoricalAccuracy(k=2),
                                              [(y, p) for y, p, _ in categorical]),
            "sparse_top_k_categorical_accuracy": run(keras.metrics.SparseTopKCategoricalAccuracy(k=3),
                                                     [(c, p) for _, p, c in categorical]),
        },
    }
    # Weighted losses (Keras's sum_over_batch_size reduction) and class weights turned into sample weights.
    y, p = regression[0]
    w = rng.uniform(0, 2, size=(y.shape[0],)).astype(np.float32)
    w[1] = 0.0
    record["weighted_mse"] = {"y": t(y), "p": t(p), "w": t(w),
                              "loss": float(keras.losses.MeanSquaredError()(y, p, sample_weight=w))}
    class_weight = {0: 0.5, 2: 3.0, 5: 1.5}
    yc = categorical[0][0]
    yb = binary[1][0]
    record["class_weight"] = {
        "weights": {str(k): v for k, v in class_weight.items()},
        "one_hot": {"y": t(yc), "w": t(data_adapter_utils.class_weight_to_sample_weights(yc, class_weight))},
        "binary": {"y": t(yb), "w": t(data_adapter_utils.class_weight_to_sample_weights(yb, {0: 0.25, 1: 4.0}))},
    }
    record["keras_version"] = keras.__version__
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "record.json"), "w") as f:
        json.dump(record, f, indent=1)
    print("wrote", os.path.join(OUT, "record.json"))


if __name__ == "__main__":
    main()
