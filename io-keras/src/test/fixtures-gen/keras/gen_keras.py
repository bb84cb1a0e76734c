#!/usr/bin/env python3
"""Generates the Keras golden fixtures for io-keras with the REAL Keras.

Run once per dialect, each in its own process (the two Keras packages must not share a process):

    python gen_keras.py --dialect tfkeras2 --out ../../resources/keras   # tf-keras 2 (Keras 2 API)
    python gen_keras.py --dialect keras3   --out ../../resources/keras   # Keras 3, TensorFlow backend

Writes, for every fixture NAME, into <out>/<dialect>/:
    NAME.h5          model.save(...h5)      (tf.keras 2 HDF5 / Keras 3 legacy HDF5)
    NAME.weights.h5  model.save_weights()   (both dialects: the Keras 3 layers/<name>/vars/N layout)
    NAME.legacy_weights.h5  model.save_weights(save_format="h5")  (tfkeras2 only: layer_names at the root)
    NAME.keras       Keras 3 zip             (keras3 dialect only)
    NAME.cases.json  inputs and model.predict() outputs, schema of shared/fixtures/README.md section 1,
                     plus "compile" (the loss/optimizer given to model.compile) and "layers".

Weights are deterministic and asymmetric (sin/cos of an index ramp, different per weight, gate and unit), so
gate-order and transpose bugs change the outputs. Inputs are deterministic too; re-running reproduces the files'
numbers (HDF5 bytes may differ by timestamps).
"""
import argparse
import json
import math
import os
import sys

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "-1")


def load_keras(dialect):
    if dialect == "tfkeras2":
        import tf_keras as k
        import tensorflow as tf
        return k, {"tool": "tf-keras", "version": k.__version__, "backend": "tensorflow",
                   "tensorflow": tf.__version__}
    os.environ["KERAS_BACKEND"] = "tensorflow"
    import keras as k
    import tensorflow as tf
    return k, {"tool": "keras", "version": k.__version__, "backend": k.backend.backend(),
               "tensorflow": tf.__version__}


def ramp_weights(model):
    """Assigns every weight a distinct deterministic pattern (asymmetric per gate/unit)."""
    values = []
    for k, w in enumerate(model.weights):
        if "int" in str(w.dtype):
            values.append(np.asarray(w.numpy() if hasattr(w, "numpy") else w))  # Normalization's count: kept
            continue
        shape = tuple(int(d) for d in w.shape)
        n = int(np.prod(shape)) if shape else 1
        i = np.arange(n, dtype=np.float64)
        v = 0.55 * np.sin(0.61 * i + 1.3 * k + 0.25) + 0.2 * np.cos(0.17 * i * (k + 1)) + 0.03 * (k % 3)
        if "moving_variance" in w.name:
            v = np.abs(v) + 0.5  # a variance must be positive
        values.append(v.reshape(shape).astype(np.float32))
    model.set_weights(values)


def ramp_input(shape, seed, scale=1.0):
    n = int(np.prod(shape))
    i = np.arange(n, dtype=np.float64)
    v = scale * (np.sin(0.83 * i + 0.41 * seed) * 1.2 + 0.3 * np.cos(0.29 * i + seed))
    return v.reshape(shape).astype(np.float32)


def fixtures(k, dialect, corpus_too=False):
    L = k.layers
    opt = k.optimizers

    def seq(name, input_shape, layers):
        return k.Sequential([k.Input(shape=input_shape)] + layers, name=name)

    out = []
    out.append(dict(
        name="lstm_sigmoid_dense",
        description="LSTM(6, recurrent_activation sigmoid) -> Dense(2), input [5,3]; Adam with non-default hyper-parameters",
        input_shape=(5, 3),
        build=lambda: seq("lstm_sigmoid_dense", (5, 3), [
            L.LSTM(6, recurrent_activation="sigmoid", name="lstm"), L.Dense(2, name="dense")]),
        loss="mse",
        optimizer=lambda: opt.Adam(learning_rate=0.005, beta_1=0.85, beta_2=0.995, epsilon=1e-6),
        optimizer_desc={"class_name": "Adam", "learning_rate": 0.005, "beta_1": 0.85, "beta_2": 0.995, "epsilon": 1e-6}))
    out.append(dict(
        name="lstm_hard_sigmoid",
        description="LSTM(5, recurrent_activation hard_sigmoid) -> Dense(1, tanh), input [4,2]. hard_sigmoid is "
                    "0.2x+0.5 in tf.keras 2 and x/6+0.5 in Keras 3",
        input_shape=(4, 2),
        build=lambda: seq("lstm_hard_sigmoid", (4, 2), [
            L.LSTM(5, recurrent_activation="hard_sigmoid", name="lstm"), L.Dense(1, activation="tanh", name="dense")]),
        loss="mae",
        optimizer=lambda: opt.RMSprop(learning_rate=0.002, rho=0.8, epsilon=1e-6),
        optimizer_desc={"class_name": "RMSprop", "learning_rate": 0.002, "rho": 0.8, "epsilon": 1e-6}))
    out.append(dict(
        name="lstm_stacked_return_sequences",
        description="LSTM(6, return_sequences) -> LSTM(4) -> Dense(3, softmax), input [5,3]",
        input_shape=(5, 3),
        build=lambda: seq("lstm_stacked_return_sequences", (5, 3), [
            L.LSTM(6, return_sequences=True, name="lstm"), L.LSTM(4, name="lstm_1"),
            L.Dense(3, activation="softmax", name="dense")]),
        loss="categorical_crossentropy",
        optimizer=lambda: opt.SGD(learning_rate=0.03, momentum=0.5),
        optimizer_desc={"class_name": "SGD", "learning_rate": 0.03, "momentum": 0.5, "nesterov": False}))
    out.append(dict(
        name="lstm_go_backwards",
        description="LSTM(5, go_backwards) -> Dense(2, sigmoid), input [4,3]",
        input_shape=(4, 3),
        build=lambda: seq("lstm_go_backwards", (4, 3), [
            L.LSTM(5, go_backwards=True, name="lstm"), L.Dense(2, activation="sigmoid", name="dense")]),
        loss="binary_crossentropy",
        optimizer=lambda: opt.Adagrad(learning_rate=0.02, initial_accumulator_value=0.2),
        optimizer_desc={"class_name": "Adagrad", "learning_rate": 0.02, "initial_accumulator_value": 0.2}))
    out.append(dict(
        name="lstm_no_bias",
        description="LSTM(4, use_bias false, unit_forget_bias false, return_sequences) -> Dense(2, use_bias false) "
                    "per step, input [3,2]",
        input_shape=(3, 2),
        build=lambda: seq("lstm_no_bias", (3, 2), [
            L.LSTM(4, use_bias=False, unit_forget_bias=False, return_sequences=True, name="lstm"),
            L.Dense(2, use_bias=False, name="dense")]),
        loss=None))
    out.append(dict(
        name="lstm_dropout_dense",
        description="LSTM(6, unit_forget_bias) -> Dropout(0.3) -> Dense(4, relu) -> Dense(1), input [6,2]",
        input_shape=(6, 2),
        build=lambda: seq("lstm_dropout_dense", (6, 2), [
            L.LSTM(6, unit_forget_bias=True, name="lstm"), L.Dropout(0.3, name="dropout"),
            L.Dense(4, activation="relu", name="dense"), L.Dense(1, name="dense_1")]),
        loss="mse",
        optimizer=lambda: opt.Adam(learning_rate=0.01),
        optimizer_desc={"class_name": "Adam", "learning_rate": 0.01, "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-7}))
    out.append(dict(
        name="dense_activations",
        description="Dense(8 relu) -> Dense(7 elu) -> Dense(6 softplus) -> Dense(5 softsign) -> Dense(4 selu) "
                    "-> Dense(3 softmax), input [5]",
        input_shape=(5,),
        build=lambda: seq("dense_activations", (5,), [
            L.Dense(8, activation="relu", name="dense"), L.Dense(7, activation="elu", name="dense_1"),
            L.Dense(6, activation="softplus", name="dense_2"), L.Dense(5, activation="softsign", name="dense_3"),
            L.Dense(4, activation="selu", name="dense_4"), L.Dense(3, activation="softmax", name="dense_5")]),
        loss=None))

    def functional():
        x = k.Input(shape=(4, 3), name="input_1")
        h = L.LSTM(5, name="lstm")(x)
        y = L.Dense(2, name="dense")(h)
        return k.Model(x, y, name="functional_lstm_dense")
    out.append(dict(
        name="functional_lstm_dense",
        description="functional Model: Input [4,3] -> LSTM(5) -> Dense(2)",
        input_shape=(4, 3), build=functional, loss=None))

    # ---- layers beyond Dense/LSTM/Dropout (issue 3 engine breadth) ----
    out.append(dict(
        name="gru_reset_after", no_weights_file=True,
        description="GRU(5, reset_after=True, bias [2,15]) -> Dense(2), input [4,3]",
        input_shape=(4, 3),
        build=lambda: seq("gru_reset_after", (4, 3), [
            L.GRU(5, reset_after=True, name="gru"), L.Dense(2, name="dense")]),
        loss=None))
    out.append(dict(
        name="gru_reset_before", no_weights_file=True,
        description="GRU(4, reset_after=False, return_sequences, go_backwards) -> Flatten -> Dense(1), input [5,2]",
        input_shape=(5, 2),
        build=lambda: seq("gru_reset_before", (5, 2), [
            L.GRU(4, reset_after=False, return_sequences=True, go_backwards=True, name="gru"),
            L.Flatten(name="flatten"), L.Dense(1, name="dense")]),
        loss=None))
    out.append(dict(
        name="simple_rnn", no_weights_file=True,
        description="SimpleRNN(4, return_sequences) -> SimpleRNN(3, relu) -> Dense(2, softmax), input [5,3]",
        input_shape=(5, 3),
        build=lambda: seq("simple_rnn", (5, 3), [
            L.SimpleRNN(4, return_sequences=True, name="simple_rnn"),
            L.SimpleRNN(3, activation="relu", name="simple_rnn_1"), L.Dense(2, activation="softmax", name="dense")]),
        loss=None))
    out.append(dict(
        name="bidirectional_lstm_concat_gru_sum",
        description="Bidirectional(LSTM(3, return_sequences), concat) -> Bidirectional(GRU(2), sum) -> Dense(1), input [5,2]",
        input_shape=(5, 2),
        build=lambda: seq("bidirectional_lstm_concat_gru_sum", (5, 2), [
            L.Bidirectional(L.LSTM(3, return_sequences=True, name="lstm"), name="bidirectional"),
            L.Bidirectional(L.GRU(2, name="gru"), merge_mode="sum", name="bidirectional_1"),
            L.Dense(1, name="dense")]),
        loss=None))
    out.append(dict(
        name="bidirectional_gru_concat_lstm_sum", no_weights_file=True,
        description="Bidirectional(GRU(3, reset_after=False, return_sequences), concat) -> "
                    "Bidirectional(LSTM(2, return_sequences), sum) -> TimeDistributed(Dense(2)), input [4,3]",
        input_shape=(4, 3),
        build=lambda: seq("bidirectional_gru_concat_lstm_sum", (4, 3), [
            L.Bidirectional(L.GRU(3, reset_after=False, return_sequences=True, name="gru"), name="bidirectional"),
            L.Bidirectional(L.LSTM(2, return_sequences=True, name="lstm"), merge_mode="sum", name="bidirectional_1"),
            L.TimeDistributed(L.Dense(2, name="dense"), name="time_distributed")]),
        loss=None))
    out.append(dict(
        name="time_distributed_dense",
        description="LSTM(4, return_sequences) -> TimeDistributed(Dense(3, softmax)), input [5,2]",
        input_shape=(5, 2),
        build=lambda: seq("time_distributed_dense", (5, 2), [
            L.LSTM(4, return_sequences=True, name="lstm"),
            L.TimeDistributed(L.Dense(3, activation="softmax", name="dense"), name="time_distributed")]),
        loss=None))
    out.append(dict(
        name="embedding_mask_zero_lstm", no_weights_file=True,
        description="Embedding(12, 4, mask_zero) -> LSTM(5) -> Dense(2), input ids [6] with trailing padding 0",
        input_shape=(6,), input_kind="ids",
        build=lambda: seq("embedding_mask_zero_lstm", (6,), [
            L.Embedding(12, 4, mask_zero=True, name="embedding"), L.LSTM(5, name="lstm"),
            L.Dense(2, name="dense")]),
        loss=None))
    out.append(dict(
        name="masking_lstm", no_weights_file=True,
        description="Masking(0) -> LSTM(4) -> Dense(1), input [5,3] with all-zero (masked) trailing steps",
        input_shape=(5, 3), input_kind="padded",
        build=lambda: seq("masking_lstm", (5, 3), [
            L.Masking(0.0, name="masking"), L.LSTM(4, name="lstm"), L.Dense(1, name="dense")]),
        loss=None))
    out.append(dict(
        name="conv1d_global_max_pool", no_weights_file=True,
        description="Conv1D(4, 3, causal, dilation 2, relu) -> Conv1D(3, 2, same, strides 2) -> GlobalMaxPooling1D "
                    "-> Dense(2), input [9,2]",
        input_shape=(9, 2),
        build=lambda: seq("conv1d_global_max_pool", (9, 2), [
            L.Conv1D(4, 3, padding="causal", dilation_rate=2, activation="relu", name="conv1d"),
            L.Conv1D(3, 2, padding="same", strides=2, name="conv1d_1"),
            L.GlobalMaxPooling1D(name="global_max_pooling1d"), L.Dense(2, name="dense")]),
        loss=None))
    out.append(dict(
        name="batch_layer_normalization",
        description="Dense(6) -> BatchNormalization -> LayerNormalization -> Conv-free head Dense(2), input [5] "
                    "(inference: moving statistics)",
        input_shape=(5,),
        build=lambda: seq("batch_layer_normalization", (5,), [
            L.Dense(6, name="dense"), L.BatchNormalization(name="batch_normalization"),
            L.LayerNormalization(name="layer_normalization"), L.Dense(2, name="dense_1")]),
        loss=None))

    def two_in_two_out():
        series = k.Input(shape=(5, 3), name="series")
        features = k.Input(shape=(3,), name="features")
        shared = L.Dense(3, activation="tanh", name="shared")
        h = L.LSTM(3, name="lstm")(series)
        a = shared(h)
        c = shared(features)
        s = L.Add(name="add")([a, c])
        merged = L.Concatenate(name="concatenate")([a, c, s])
        price = L.Dense(1, name="price")(merged)
        trend = L.Dense(2, activation="softmax", name="trend")(merged)
        return k.Model([series, features], [price, trend], name="functional_two_in_two_out")
    out.append(dict(
        name="functional_two_in_two_out",
        description="functional: inputs series [5,3] and features [3]; LSTM(3); a shared Dense(3, tanh) applied to "
                    "the LSTM output and to the features; Add; Concatenate; outputs price Dense(1), trend Dense(2)",
        inputs=[("series", (5, 3)), ("features", (3,))], build=two_in_two_out, loss=None))

    def initial_state():
        seq_in = k.Input(shape=(4, 2), name="seq")
        ctx = k.Input(shape=(3,), name="ctx")
        h0 = L.Dense(3, activation="tanh", name="h0")(ctx)
        c0 = L.Dense(3, name="c0")(ctx)
        out_ = L.LSTM(3, name="lstm")(seq_in, initial_state=[h0, c0])
        return k.Model([seq_in, ctx], L.Dense(2, name="head")(out_), name="functional_initial_state")
    out.append(dict(
        name="functional_initial_state", no_weights_file=True,
        description="functional: LSTM(3) over seq [4,2] with initial_state [h0, c0] = Dense(ctx [3])",
        inputs=[("seq", (4, 2)), ("ctx", (3,))], build=initial_state, loss=None))

    # Issue 18: sequence-model layers.
    keras3 = dialect == "keras3"

    def shape_layers():
        layers = [L.Conv1D(4, 2, padding="same", name="conv1d"),
                  L.MaxPooling1D(3, strides=2, padding="same", name="max_pooling1d"),
                  L.AveragePooling1D(2, strides=1, padding="same", name="average_pooling1d"),
                  L.ZeroPadding1D((2, 1), name="zero_padding1d"),
                  L.Cropping1D((1, 2), name="cropping1d"),
                  L.UpSampling1D(2, name="up_sampling1d"),
                  L.Permute((2, 1), name="permute"),
                  L.AveragePooling1D(2, data_format="channels_first", name="average_pooling1d_1")]
        if keras3:
            layers += [L.ZeroPadding1D(1, data_format="channels_first", name="zero_padding1d_1"),
                       L.MaxPooling1D(2, strides=1, data_format="channels_first", name="max_pooling1d_1"),
                       L.Identity(name="identity")]
        layers += [L.Flatten(name="flatten"), L.Dense(2, name="dense")]
        return seq("sequence_shape_layers", (9, 3), layers)
    out.append(dict(
        name="sequence_shape_layers",
        description="Conv1D(4, 2, same) -> MaxPooling1D(3, strides 2, same) -> AveragePooling1D(2, strides 1, same) -> "
                    "ZeroPadding1D((2, 1)) -> Cropping1D((1, 2)) -> UpSampling1D(2) -> Permute((2, 1)) -> "
                    "AveragePooling1D(2, channels_first) [-> ZeroPadding1D(1, channels_first) -> MaxPooling1D(2, strides 1, "
                    "channels_first) -> Identity: Keras 3 only] -> Flatten -> Dense(2), input [9,3]",
        input_shape=(9, 3), build=shape_layers, loss=None, no_weights_file=True))

    def activation_layers():
        layers = [L.Dense(6, name="dense"),
                  L.ReLU(max_value=1.2, negative_slope=0.1, threshold=0.2, name="re_lu"),
                  L.LeakyReLU(negative_slope=0.2, name="leaky_re_lu") if keras3 else L.LeakyReLU(alpha=0.2,
                                                                                                  name="leaky_re_lu"),
                  L.ELU(alpha=0.7, name="elu"),
                  L.PReLU(shared_axes=[1], name="p_re_lu"),
                  L.Dense(5, name="dense_1"),
                  L.PReLU(name="p_re_lu_1")]
        if not keras3:
            layers.append(L.ThresholdedReLU(theta=0.1, name="thresholded_re_lu"))
        layers += [L.Softmax(axis=1, name="softmax"), L.Softmax(name="softmax_1")]
        return seq("activation_layers", (5, 4), layers)
    out.append(dict(
        name="activation_layers",
        description="Dense(6) -> ReLU(max_value 1.2, negative_slope 0.1, threshold 0.2) -> LeakyReLU(0.2) -> ELU(0.7) -> "
                    "PReLU(shared_axes [1]) -> Dense(5) -> PReLU() [-> ThresholdedReLU(0.1): tf-keras only, removed in "
                    "Keras 3] -> Softmax(axis 1, over steps) -> Softmax(), input [5,4]",
        input_shape=(5, 4), build=activation_layers, loss=None, no_weights_file=True))

    def noise_layers():
        return seq("noise_layers", (6, 4), [
            L.SpatialDropout1D(0.3, name="spatial_dropout1d"), L.GaussianNoise(0.2, name="gaussian_noise"),
            L.GaussianDropout(0.2, name="gaussian_dropout"), L.AlphaDropout(0.1, name="alpha_dropout"),
            L.UnitNormalization(name="unit_normalization"), L.Dense(3, name="dense"),
            L.UnitNormalization(axis=[1, 2], name="unit_normalization_1")])
    out.append(dict(
        name="noise_layers",
        description="SpatialDropout1D(0.3) -> GaussianNoise(0.2) -> GaussianDropout(0.2) -> AlphaDropout(0.1) (identity at "
                    "inference) -> UnitNormalization() -> Dense(3) -> UnitNormalization(axis [1, 2]), input [6,4]",
        input_shape=(6, 4), build=noise_layers, loss=None, no_weights_file=True))

    def preprocessing_layers():
        layers = [L.Rescaling(0.5, offset=-0.2, name="rescaling"),
                  L.Resizing(4, 7, crop_to_aspect_ratio=True, name="resizing"),
                  L.CenterCrop(3, 6, name="center_crop"),
                  L.Resizing(5, 4, interpolation="nearest", name="resizing_1"),
                  L.CenterCrop(7, 6, name="center_crop_1")]
        if keras3:
            layers += [L.Permute((3, 1, 2), name="permute"),
                       L.Resizing(4, 3, data_format="channels_first", name="resizing_2"),
                       L.CenterCrop(3, 2, data_format="channels_first", name="center_crop_2")]
        layers += [L.Flatten(name="flatten"), L.Dense(3, name="dense")]
        return seq("preprocessing_layers", (6, 5, 2), layers)
    out.append(dict(
        name="preprocessing_layers",
        description="Rescaling(0.5, offset -0.2) -> Resizing(4, 7, bilinear, crop_to_aspect_ratio) -> CenterCrop(3, 6) "
                    "(one column narrower) -> Resizing(5, 4, nearest) -> CenterCrop(7, 6) (enlarges: smart_resize) "
                    "[-> Permute((3, 1, 2)) -> Resizing(4, 3, channels_first) -> CenterCrop(3, 2, channels_first): "
                    "Keras 3 only] -> Flatten -> Dense(3), input [6,5,2]",
        input_shape=(6, 5, 2), build=preprocessing_layers, loss=None, no_weights_file=True))

    def category_encoding():
        ids = k.Input(shape=(6,), name="ids")
        count = L.CategoryEncoding(12, output_mode="count", name="category_encoding")(ids)
        multi = L.CategoryEncoding(12, name="category_encoding_1")(ids)
        merged = L.Concatenate(name="concatenate")([count, multi])
        return k.Model(ids, L.Dense(2, name="dense")(merged), name="category_encoding")
    out.append(dict(
        name="category_encoding",
        description="ids [6] in [0, 11] -> CategoryEncoding(12, count) and CategoryEncoding(12, multi_hot) -> "
                    "Concatenate -> Dense(2)",
        input_shape=(6,), input_kind="ids", build=category_encoding, loss=None, no_weights_file=True))

    def normalization():
        model = seq("normalization_adapt", (5, 3), [
            L.Normalization(name="normalization"),
            L.Normalization(axis=(1, 2), name="normalization_1"),
            L.Normalization(axis=None, mean=0.5, variance=2.0, invert=True, name="normalization_2"),
            L.Flatten(name="flatten"), L.Dense(2, name="dense")])
        return model

    def normalization_adapt(model):
        # adapt after ramp_weights: the statistics come from data, as a user's would
        import tensorflow as tf
        a, b = normalization_data()
        model.get_layer("normalization").adapt(a)
        model.get_layer("normalization_1").adapt(tf.data.Dataset.from_tensor_slices(b).batch(4))
    out.append(dict(
        name="normalization_adapt",
        description="Normalization() adapted on an array [7,5,3] -> Normalization(axis (1, 2)) adapted on a tf.data.Dataset "
                    "[10,5,3] in batches of 4 -> Normalization(axis None, mean 0.5, variance 2, invert) -> Flatten -> Dense(2); "
                    "the adapt data are in cases.json (adaptArray, adaptDataset)",
        input_shape=(5, 3), build=normalization, after_weights=normalization_adapt, loss=None, no_weights_file=True,
        extra=lambda: dict(zip(("adaptArray", "adaptDataset"),
                               (tensor_json("adapt", x) for x in normalization_data())))))

    # Issue 18: image and volume layers (channels_first pooling needs Keras 3: tf-keras pools NCHW only on GPU).
    def image_layers():
        layers = [L.ZeroPadding2D(((1, 0), (2, 1)), name="zero_padding2d"),
                  L.MaxPooling2D((3, 2), strides=(2, 1), padding="same", name="max_pooling2d"),
                  L.AveragePooling2D((2, 3), strides=(1, 2), padding="same", name="average_pooling2d"),
                  L.Cropping2D(((1, 0), (0, 1)), name="cropping2d"),
                  L.UpSampling2D((2, 1), name="up_sampling2d"),
                  L.SpatialDropout2D(0.3, name="spatial_dropout2d")]
        if keras3:
            first = "channels_first"
            layers += [L.MaxPooling2D(2, strides=1, data_format=first, name="max_pooling2d_1"),
                       L.ZeroPadding2D(1, data_format=first, name="zero_padding2d_1"),
                       L.UpSampling2D(2, data_format=first, name="up_sampling2d_1"),
                       L.Cropping2D(((1, 1), (2, 2)), data_format=first, name="cropping2d_1"),
                       L.AveragePooling2D(2, padding="same", data_format=first, name="average_pooling2d_1"),
                       L.SpatialDropout2D(0.2, data_format=first, name="spatial_dropout2d_1")]
        layers += [L.GlobalAveragePooling2D(keepdims=True, name="global_average_pooling2d"),
                   L.Flatten(name="flatten"), L.Dense(2, name="dense")]
        return seq("spatial_image_layers", (9, 8, 3), layers)
    out.append(dict(
        name="spatial_image_layers",
        description="ZeroPadding2D(((1,0),(2,1))) -> MaxPooling2D((3,2), strides (2,1), same) -> AveragePooling2D((2,3), "
                    "strides (1,2), same: edge windows average their real cells) -> Cropping2D(((1,0),(0,1))) -> "
                    "UpSampling2D((2,1)) -> SpatialDropout2D(0.3) [-> MaxPooling2D(2, strides 1) -> ZeroPadding2D(1) -> "
                    "UpSampling2D(2) -> Cropping2D(((1,1),(2,2))) -> AveragePooling2D(2, same) -> SpatialDropout2D(0.2), all "
                    "channels_first: Keras 3 only] -> GlobalAveragePooling2D(keepdims) -> Flatten -> Dense(2), input [9,8,3]",
        input_shape=(9, 8, 3), build=image_layers, loss=None, no_weights_file=True))

    def volume_layers():
        return seq("spatial_volume_layers", (4, 6, 5, 2), [
            L.MaxPooling3D((2, 2, 1), strides=(1, 2, 2), padding="same", name="max_pooling3d"),
            L.AveragePooling3D(2, padding="same", name="average_pooling3d"),
            L.GlobalMaxPooling3D(name="global_max_pooling3d"), L.Dense(2, name="dense")])
    out.append(dict(
        name="spatial_volume_layers",
        description="MaxPooling3D((2,2,1), strides (1,2,2), same) -> AveragePooling3D(2, same) -> GlobalMaxPooling3D -> "
                    "Dense(2), input [4,6,5,2]",
        input_shape=(4, 6, 5, 2), build=volume_layers, loss=None, no_weights_file=True))

    def global_pooling2d():
        return seq("spatial_global_pooling2d", (5, 4, 3), [
            L.Dense(4, activation="tanh", name="dense"), L.GlobalMaxPooling2D(name="global_max_pooling2d"),
            L.Dense(2, name="dense_1")])
    out.append(dict(
        name="spatial_global_pooling2d",
        description="Dense(4, tanh) on every pixel -> GlobalMaxPooling2D -> Dense(2), input [5,4,3]",
        input_shape=(5, 4, 3), build=global_pooling2d, loss=None))

    def attention():
        q = k.Input(shape=(3, 4), name="query")
        v = k.Input(shape=(5, 2), name="value")
        key = k.Input(shape=(5, 4), name="key")
        dot = L.Attention(use_scale=True, name="attention")([q, v, key])
        concat = L.Attention(score_mode="concat", use_scale=True, name="attention_1")([q, v, key])
        causal, scores = L.Attention(name="attention_2")([q, q], use_causal_mask=True, return_attention_scores=True)
        add = L.AdditiveAttention(name="additive_attention")([q, key])
        add_causal = L.AdditiveAttention(use_scale=False, name="additive_attention_1")([q, q], use_causal_mask=True)
        return k.Model([q, v, key], [dot, concat, causal, scores, add, add_causal], name="attention_layers")
    out.append(dict(
        name="attention_layers",
        description="functional: query [3,4], value [5,2], key [5,4]; Attention(use_scale) and Attention(concat, "
                    "use_scale) over [q, v, k]; Attention()([q, q], use_causal_mask, return_attention_scores) (two "
                    "outputs); AdditiveAttention()([q, k]); AdditiveAttention(use_scale false)([q, q], use_causal_mask)",
        inputs=[("query", (3, 4)), ("value", (5, 2)), ("key", (5, 4))], build=attention, loss=None,
        no_weights_file=True))

    def merge_dot():
        q = k.Input(shape=(3, 4), name="q")
        key = k.Input(shape=(5, 4), name="key")
        c = k.Input(shape=(3, 2), name="c")
        g = k.Input(shape=(2, 3, 4), name="grid")
        a = L.Dense(4, name="dense")(q)
        diff = L.Subtract(name="subtract")([q, a])
        hi = L.Maximum(name="maximum")([q, a, diff])
        lo = L.Minimum(name="minimum")([hi, diff])
        scores = L.Dot(axes=2, name="dot")([lo, L.Dense(4, name="dense_1")(key)])
        cosine = L.Dot(axes=(1, 1), normalize=True, name="dot_1")([q, c])
        mixed = L.Dot(axes=(-2, 2), name="dot_2")([c, L.Dense(3, name="dense_2")(key)])
        grid = L.Dot(axes=(-1, 2), name="dot_3")([g, key])
        u = L.Flatten(name="flatten")(q)
        pair = L.Dot(axes=-1, normalize=True, name="dot_4")([L.Dense(3, name="dense_3")(u), L.Dense(3, name="dense_4")(u)])
        return k.Model([q, key, c, g], [scores, cosine, mixed, grid, pair], name="merge_dot")
    out.append(dict(
        name="merge_dot",
        description="functional: q [3,4], key [5,4], c [3,2], grid [2,3,4]; Subtract(q, Dense(4)(q)); Maximum of three; "
                    "Minimum; Dot(axes 2)(.., Dense(4)(key)) [3,5]; Dot(axes (1,1), normalize)(q, c) [4,2]; "
                    "Dot(axes (-2,2))(c, Dense(3)(key)) [2,5]; Dot(axes (-1,2))(grid, key) [2,3,5] (rank 4 by 3); "
                    "Dot(axes -1, normalize) of two Dense(3) of flattened q [1]",
        inputs=[("q", (3, 4)), ("key", (5, 4)), ("c", (3, 2)), ("grid", (2, 3, 4))], build=merge_dot, loss=None,
        no_weights_file=True))

    def group_normalization():
        return seq("group_normalization", (6, 4), [
            L.GroupNormalization(groups=2, name="group_normalization"), L.Dense(6, name="dense"),
            L.GroupNormalization(groups=3, epsilon=1e-2, center=False, name="group_normalization_1"),
            L.GroupNormalization(groups=-1, scale=False, name="group_normalization_2"),
            L.GroupNormalization(groups=3, axis=1, name="group_normalization_3"),
            L.Flatten(name="flatten"), L.Dense(2, name="dense_1")])
    out.append(dict(
        name="group_normalization",
        description="GroupNormalization(groups 2) -> Dense(6) -> GroupNormalization(groups 3, epsilon 1e-2, center false) "
                    "-> GroupNormalization(groups -1: one per channel, scale false) -> GroupNormalization(groups 3, "
                    "axis 1: the 6 steps as channels) -> Flatten -> Dense(2), input [6,4]",
        input_shape=(6, 4), build=group_normalization, loss=None, no_weights_file=False))

    def multi_head_attention():
        q = k.Input(shape=(3, 4), name="query")
        v = k.Input(shape=(5, 2), name="value")
        key = k.Input(shape=(5, 6), name="key")
        self_att = L.MultiHeadAttention(2, 3, name="multi_head_attention")(q, q)
        cross, scores = L.MultiHeadAttention(2, 3, value_dim=2, output_shape=5, name="multi_head_attention_1")(
            q, v, key=key, use_causal_mask=True, return_attention_scores=True)
        no_bias = L.MultiHeadAttention(3, 2, use_bias=False, name="multi_head_attention_2")(q, v)
        dropped = L.MultiHeadAttention(1, 4, dropout=0.3, name="multi_head_attention_3")(q, q)
        return k.Model([q, v, key], [self_att, cross, scores, no_bias, dropped], name="multi_head_attention")
    out.append(dict(
        name="multi_head_attention",
        description="functional: query [3,4], value [5,2], key [5,6]; MultiHeadAttention(2, 3)(q, q) (self-attention); "
                    "MultiHeadAttention(2, 3, value_dim 2, output_shape 5)(q, v, key=k, use_causal_mask, "
                    "return_attention_scores) (two outputs); MultiHeadAttention(3, 2, use_bias false)(q, v); "
                    "MultiHeadAttention(1, 4, dropout 0.3)(q, q) (identity dropout at inference)",
        inputs=[("query", (3, 4)), ("value", (5, 2)), ("key", (5, 6))], build=multi_head_attention, loss=None,
        no_weights_file=False))

    def multi_head_attention_axes():
        image = k.Input(shape=(3, 4, 5), name="image")
        memory = k.Input(shape=(3, 2, 3), name="memory")
        # 2-D self-attention over the 12 pixels; then attention along the width only (each row its own batch row)
        pixels = L.MultiHeadAttention(2, 3, attention_axes=(1, 2), name="multi_head_attention")(image, image)
        rows, scores = L.MultiHeadAttention(2, 2, value_dim=3, attention_axes=(2,), name="multi_head_attention_1")(
            pixels, memory, return_attention_scores=True)
        return k.Model([image, memory], [pixels, rows, scores], name="multi_head_attention_axes")
    out.append(dict(
        name="multi_head_attention_axes",
        description="functional: image [3,4,5], memory [3,2,3]; MultiHeadAttention(2, 3, attention_axes (1, 2))(image, "
                    "image) (2-D self-attention over the 3x4 pixels); MultiHeadAttention(2, 2, value_dim 3, attention_axes "
                    "(2,))(pixels, memory, return_attention_scores) (attention along the width, the 3 rows as batch rows; "
                    "scores [batch, 3, heads, 4, 2])",
        inputs=[("image", (3, 4, 5)), ("memory", (3, 2, 3))], build=multi_head_attention_axes, loss=None,
        no_weights_file=True))

    def masked_multi_head_attention():
        qi = k.Input(shape=(4,), name="query_ids")
        vi = k.Input(shape=(6,), name="value_ids")
        qe = L.Embedding(12, 4, mask_zero=True, name="embedding")(qi)
        ve = L.Embedding(12, 4, mask_zero=True, name="embedding_1")(vi)
        att = L.MultiHeadAttention(2, 3, name="multi_head_attention")(qe, ve)
        pooled = L.GlobalAveragePooling1D(name="global_average_pooling1d")(att)
        causal = L.MultiHeadAttention(2, 2, name="multi_head_attention_1")(qe, qe, use_causal_mask=True)
        return k.Model([qi, vi], [att, pooled, L.LSTM(3, name="lstm")(causal)], name="masked_multi_head_attention")
    if not keras3:
        out.append(dict(
            name="masked_multi_head_attention",
            description="functional: query ids [4] and value ids [6] (trailing 0 padding) through Embedding(12, 4, "
                        "mask_zero); MultiHeadAttention(2, 3)(query, value): the value mask on the scores, the query "
                        "mask on its rows (a padded query step attends uniformly: -1e9 swamps its scores in float32) and "
                        "passed on to a masked GlobalAveragePooling1D; MultiHeadAttention(2, 2)(query, query, causal) -> "
                        "LSTM(3) consuming the query mask",
            inputs=[("query_ids", (4,)), ("value_ids", (6,))], input_kind="ids", build=masked_multi_head_attention,
            loss=None, no_weights_file=True, no_all_masked_case=True))

    def masked_attention():
        qi = k.Input(shape=(4,), name="query_ids")
        vi = k.Input(shape=(6,), name="value_ids")
        qe = L.Embedding(12, 3, mask_zero=True, name="embedding")(qi)
        ve = L.Embedding(12, 3, mask_zero=True, name="embedding_1")(vi)
        att = L.Attention(name="attention")([qe, ve])
        add = L.AdditiveAttention(name="additive_attention")([qe, ve])
        # Keras 3.10 fails to predict a Concatenate of two masked [None, 4, 3] tensors (BroadcastTo of the mask), so
        # each attention output has its own masked consumer.
        seq_out = L.LSTM(3, name="lstm")(att)
        pooled = L.GlobalAveragePooling1D(name="global_average_pooling1d")(add)
        return k.Model([qi, vi], [seq_out, pooled], name="masked_attention")
    # Keras 3.10 writes a masked Attention's masks as explicit NotEqual/ConvertToTensor operations with mask tensors
    # in the consumers' call kwargs (and its Attention mis-broadcasts the value mask for batches > 1, see
    # cases_for), which Engram does not read: tf-keras 2 only.
    if not keras3:
            out.append(dict(
            name="masked_attention",
            description="functional: query ids [4] and value ids [6] (trailing 0 padding), each through Embedding(12, 3, "
                        "mask_zero); Attention and AdditiveAttention over [query, value] (value mask on the scores, query "
                        "mask on the output rows and passed on); LSTM(3) after Attention and the masked GlobalAveragePooling1D after "
                        "AdditiveAttention consume the query mask",
            inputs=[("query_ids", (4,)), ("value_ids", (6,))], input_kind="ids", build=masked_attention, loss=None,
            no_weights_file=True, no_all_masked_case=True))

    def staggered_ids():
        """Id inputs a, b (Embedding mask_zero, padded at different steps) and c (no mask), and their embeddings."""
        a = k.Input(shape=(6,), name="ids_a")
        b = k.Input(shape=(6,), name="ids_b")
        c = k.Input(shape=(6,), name="ids_c")
        return (a, b, c), (L.Embedding(12, 3, mask_zero=True, name="embedding_a")(a),
                           L.Embedding(12, 3, mask_zero=True, name="embedding_b")(b),
                           L.Embedding(12, 3, name="embedding_c")(c))

    def merge_masks():
        (a, b, c), (ea, eb, ec) = staggered_ids()
        if keras3:
            residual = L.Add(name="residual")([ea, L.Dense(3, name="proj")(ea)])
            # (Keras 3's Multiply/Maximum/Minimum also mask the values: merge_value_masks below)
            return k.Model([a, b, c], [L.LSTM(2, name="lstm_add")(L.Add(name="add")([ea, eb])),
                                       L.LSTM(2, name="lstm_avg_unmasked")(L.Average(name="average")([ea, ec])),
                                       L.LSTM(2, name="lstm_residual")(residual)], name="merge_masks")
        outs = [L.LSTM(2, name="lstm_add")(L.Add(name="add")([ea, eb])),
                L.LSTM(2, name="lstm_mul_unmasked")(L.Multiply(name="multiply")([ea, ec])),
                L.LSTM(2, name="lstm_cat")(L.Concatenate(name="concatenate")([ea, eb])),
                L.LSTM(2, name="lstm_cat_time")(L.Concatenate(axis=1, name="concatenate_time")([ea, eb]))]
        return k.Model([a, b, c], outs, name="merge_masks")
    # Keras 3.10 saves the masks reaching a merge as NotEqual/LogicalOr operations passed to the consumer as its
    # mask argument (read when they compute the mask Engram propagates), and cannot predict a Concatenate of
    # masked sequences (left out).
    if keras3:
        out.append(dict(
            name="merge_masks",
            description="functional: id inputs a, b (Embedding mask_zero, padded at different steps) and c (no "
                        "mask); LSTM(2) after Add(a, b), Average(a, c) and a residual Add(a, Dense(a)): Keras 3 ORs "
                        "the masks when every input has one and passes none otherwise, saved as NotEqual/LogicalOr "
                        "operations feeding the LSTMs' mask argument",
            inputs=[("ids_a", (6,)), ("ids_b", (6,)), ("ids_c", (6,))], input_kind="ids_staggered",
            build=merge_masks, loss=None, no_weights_file=True))
    else:
        out.append(dict(
            name="merge_masks",
            description="functional: id inputs a, b (Embedding mask_zero, padded at different steps) and c (no "
                        "mask); LSTM(2) after Add(a, b), Multiply(a, c), Concatenate(a, b) on features and on time: "
                        "tf-keras ANDs the masks of the inputs that have one (time: concatenates them)",
            inputs=[("ids_a", (6,)), ("ids_b", (6,)), ("ids_c", (6,))], input_kind="ids_staggered",
            build=merge_masks, loss=None, no_weights_file=True))

    if keras3:
        def merge_value_masks():
            # Keras 3's Multiply/Maximum/Minimum also mask the values: a masked input counts as 1 in the product
            # (0 where every input is masked), and as absent in the extreme (the first input's value where all are)
            (a, b, c), (ea, eb, ec) = staggered_ids()
            ebr = L.Dense(3, name="proj")(eb)  # a masked input with values of both signs
            product = L.Multiply(name="multiply")([ea, ebr])
            return k.Model([a, b, c], [product, L.Multiply(name="multiply_unmasked")([ea, ec, ebr]),
                                       L.Maximum(name="maximum")([ebr, ea]),
                                       L.Minimum(name="minimum")([ea, ec, ebr]),
                                       L.LSTM(2, name="lstm_multiply")(product)], name="merge_value_masks")
        out.append(dict(
            name="merge_value_masks",
            description="functional, Keras 3 only: id inputs a, b (Embedding mask_zero, padded at different steps; "
                        "b through a Dense) and c (no mask); outputs Multiply(a, b), Multiply(a, c, b), Maximum(b, a), "
                        "Minimum(a, c, b) and an LSTM(2) after Multiply(a, b): Keras 3 leaves masked steps out of the "
                        "values (product 1, extreme absent; 0 / the first input where every input is masked)",
            inputs=[("ids_a", (6,)), ("ids_b", (6,)), ("ids_c", (6,))], input_kind="ids_staggered",
            build=merge_value_masks, loss=None, no_weights_file=True))

    def rnn_cells():
        cells = [L.LSTMCell(5, name="lstm_cell"), L.GRUCell(3, name="gru_cell"), L.SimpleRNNCell(2, name="simple_rnn_cell")]
        return seq("rnn_stacked_cells", (4, 3), [
            L.RNN(cells, return_sequences=True, go_backwards=True, name="rnn"),
            L.RNN(L.LSTMCell(3, name="lstm_cell_1"), name="rnn_1"), L.Dense(2, name="dense")])
    out.append(dict(
        name="rnn_stacked_cells",
        description="RNN([LSTMCell(5), GRUCell(3), SimpleRNNCell(2)], return_sequences, go_backwards) -> RNN(LSTMCell(3)) "
                    "(a single cell) -> Dense(2), input [4,3]; the dialect's defaults (sigmoid gates, GRU reset_after true)",
        input_shape=(4, 3), build=rnn_cells, loss=None, no_weights_file=True))

    def rnn_states():
        x = k.Input(shape=(5, 2), name="input")
        outs = L.RNN([L.LSTMCell(4, name="lstm_cell"), L.GRUCell(3, name="gru_cell")], return_state=True,
                     name="rnn")(x)
        # Keras nests the LSTM cell's [h, c]; the model lists every tensor flat (node outputs 0..3).
        out_, lstm_states, gru_h = outs
        return k.Model(x, [out_, lstm_states[0], lstm_states[1], gru_h], name="rnn_return_state")
    out.append(dict(
        name="rnn_return_state",
        description="functional: RNN([LSTMCell(4), GRUCell(3)], return_state) over input [5,2]; outputs the last output, then "
                    "the states cell by cell (h and c of the LSTM cell, h of the GRU cell: Keras lists them first cell first)",
        input_shape=(5, 2), build=rnn_states, loss=None, no_weights_file=True))
    def conv2d_layers():
        return seq("conv2d_layers", (9, 8, 2), [
            L.Conv2D(4, (3, 2), strides=(2, 1), padding="same", activation="relu",
                     kernel_regularizer=k.regularizers.L2(0.01), name="conv2d"),
            L.Conv2D(3, 3, dilation_rate=(1, 2), activation="tanh", use_bias=False, name="conv2d_1"),
            L.Conv2D(2, 2, padding="same", data_format="channels_first", name="conv2d_2"),
            L.Flatten(name="flatten"), L.Dense(2, name="dense")])
    out.append(dict(
        name="conv2d_layers",
        description="Conv2D(4, (3, 2), strides (2, 1), same, relu, kernel L2 0.01) -> Conv2D(3, 3, dilation (1, 2), tanh, "
                    "no bias) -> Conv2D(2, 2, same, channels_first: reads [3 channels, 4, 3]) -> Flatten -> Dense(2), "
                    "input [9,8,2]",
        input_shape=(9, 8, 2), build=conv2d_layers, loss=None))

    def conv_lstm():
        return seq("conv_lstm2d_layers", (3, 6, 5, 2), [
            L.ConvLSTM2D(3, (3, 2), strides=(2, 1), padding="same", return_sequences=True,
                         recurrent_activation="sigmoid", name="conv_lstm2d"),
            L.ConvLSTM2D(2, 2, dilation_rate=(1, 2), go_backwards=True, recurrent_activation="sigmoid",
                         data_format="channels_first", name="conv_lstm2d_1"),
            L.Flatten(name="flatten"), L.Dense(2, name="dense")])
    out.append(dict(
        name="conv_lstm2d_layers",
        description="ConvLSTM2D(3, (3, 2), strides (2, 1), same, return_sequences) -> ConvLSTM2D(2, 2, dilation (1, 2), "
                    "go_backwards, channels_first: reads each [3, 5, 3] map as 3 channels of 5x3) -> Flatten -> Dense(2), input [3,6,5,2]; "
                    "sigmoid gates in both dialects",
        input_shape=(3, 6, 5, 2), build=conv_lstm, loss=None, no_weights_file=True))
    def conv2d_transpose_layers():
        # Keras 3.10 does not write output_padding into its own files (it reloads the layer without it), so only the
        # tf-keras model has one.
        extra = {} if keras3 else {"output_padding": 1}
        return seq("conv2d_transpose_layers", (4, 5, 2), [
            L.Conv2DTranspose(3, (3, 2), strides=(2, 1), padding="same", activation="relu", name="conv2d_transpose"),
            L.Conv2DTranspose(2, 3, strides=2, activation="tanh", use_bias=False, name="conv2d_transpose_1", **extra),
            L.Conv2DTranspose(2, 2, dilation_rate=2, data_format="channels_first", name="conv2d_transpose_2"),
            L.Flatten(name="flatten"), L.Dense(2, name="dense")])
    out.append(dict(
        name="conv2d_transpose_layers",
        description="Conv2DTranspose(3, (3, 2), strides (2, 1), same, relu) -> Conv2DTranspose(2, 3, strides 2, tanh, no "
                    "bias[, output_padding 1: tf-keras only, Keras 3.10 does not save it]) -> Conv2DTranspose(2, 2, "
                    "dilation 2, channels_first) -> Flatten -> Dense(2), input [4,5,2]",
        input_shape=(4, 5, 2), build=conv2d_transpose_layers, loss=None, no_weights_file=True))

    def depthwise_layers():
        return seq("depthwise_conv2d_layers", (9, 8, 2), [
            L.DepthwiseConv2D((3, 2), depth_multiplier=2, strides=(2, 1), padding="same", activation="relu",
                              depthwise_regularizer=k.regularizers.L2(0.01), name="depthwise_conv2d"),
            L.DepthwiseConv2D(3, dilation_rate=(1, 2), activation="tanh", use_bias=False, name="depthwise_conv2d_1"),
            L.DepthwiseConv2D(2, data_format="channels_first", name="depthwise_conv2d_2"),
            L.Flatten(name="flatten"), L.Dense(2, name="dense")])
    out.append(dict(
        name="depthwise_conv2d_layers",
        description="DepthwiseConv2D((3, 2), depth_multiplier 2, strides (2, 1), same, relu, depthwise L2 0.01) -> "
                    "DepthwiseConv2D(3, dilation (1, 2), tanh, no bias) -> DepthwiseConv2D(2, channels_first: reads "
                    "[3 channels, 4, 4]) -> Flatten -> Dense(2), input [9,8,2]",
        input_shape=(9, 8, 2), build=depthwise_layers, loss=None, no_weights_file=True))

    def separable_layers():
        return seq("separable_conv2d_layers", (9, 8, 3), [
            L.SeparableConv2D(4, (3, 2), depth_multiplier=2, strides=(2, 1), padding="same", activation="relu",
                              pointwise_regularizer=k.regularizers.L2(0.01), name="separable_conv2d"),
            L.SeparableConv2D(3, 3, dilation_rate=2, activation="tanh", use_bias=False, name="separable_conv2d_1"),
            L.SeparableConv2D(2, 2, padding="same", data_format="channels_first", name="separable_conv2d_2"),
            L.Flatten(name="flatten"), L.Dense(2, name="dense")])
    out.append(dict(
        name="separable_conv2d_layers",
        description="SeparableConv2D(4, (3, 2), depth_multiplier 2, strides (2, 1), same, relu, pointwise L2 0.01) -> "
                    "SeparableConv2D(3, 3, dilation 2, tanh, no bias) -> SeparableConv2D(2, 2, same, channels_first) -> "
                    "Flatten -> Dense(2), input [9,8,3]",
        input_shape=(9, 8, 3), build=separable_layers, loss=None, no_weights_file=True))

    def conv1d_transpose_layers():
        extra = {} if keras3 else {"output_padding": 1}  # Keras 3.10 does not save output_padding
        return seq("conv1d_transpose_layers", (5, 2), [
            L.Conv1DTranspose(3, 3, strides=2, padding="same", activation="relu", name="conv1d_transpose", **extra),
            L.Conv1DTranspose(2, 2, dilation_rate=2, activation="tanh", use_bias=False, name="conv1d_transpose_1"),
            L.Conv1DTranspose(2, 2, strides=3, data_format="channels_first", name="conv1d_transpose_2"),
            L.Flatten(name="flatten"), L.Dense(2, name="dense")])
    out.append(dict(
        name="conv1d_transpose_layers",
        description="Conv1DTranspose(3, 3, strides 2, same, relu[, output_padding 1: tf-keras only]) -> Conv1DTranspose(2, "
                    "2, dilation 2, tanh, no bias) -> Conv1DTranspose(2, 2, strides 3, channels_first) -> Flatten -> "
                    "Dense(2), input [5,2]",
        input_shape=(5, 2), build=conv1d_transpose_layers, loss=None, no_weights_file=True))

    def conv3d_layers():
        return seq("conv3d_layers", (5, 6, 4, 2), [
            L.Conv3D(3, (2, 3, 2), strides=(2, 1, 1), padding="same", activation="relu",
                     kernel_regularizer=k.regularizers.L2(0.01), name="conv3d"),
            L.Conv3D(3, 2, dilation_rate=(1, 2, 1), activation="tanh", use_bias=False, name="conv3d_1"),
            L.Conv3D(2, 2, padding="same", data_format="channels_first", name="conv3d_2"),
            L.Flatten(name="flatten"), L.Dense(2, name="dense")])
    out.append(dict(
        name="conv3d_layers",
        description="Conv3D(3, (2, 3, 2), strides (2, 1, 1), same, relu, kernel L2 0.01) -> Conv3D(3, 2, dilation "
                    "(1, 2, 1), tanh, no bias) -> Conv3D(2, 2, same, channels_first: reads [2 channels, 4, 3]) -> "
                    "Flatten -> Dense(2), input [5,6,4,2]",
        input_shape=(5, 6, 4, 2), build=conv3d_layers, loss=None, no_weights_file=True))

    def grouped_conv_layers():
        # Both Kerases compute a grouped convolution on CPU through XLA (TF has no CPU kernel for it). The
        # channels-first layer's output width (4) differs from its filters (8): Keras 3.10's TF backend turns the
        # bias add into tf.nn.bias_add and guesses NHWC when the last axis equals the bias length, so it adds the
        # bias along the width when they are equal (any channels-first convolution, grouped or not).
        return seq("grouped_conv_layers", (8, 9, 4), [
            L.Conv2D(6, (3, 2), strides=(2, 1), padding="same", groups=2, activation="relu", name="conv2d"),
            L.Conv2D(4, (1, 3), dilation_rate=(1, 2), groups=2, activation="tanh", use_bias=False, name="conv2d_1"),
            L.Conv2D(8, 2, padding="same", groups=4, data_format="channels_first", name="conv2d_2"),
            L.Reshape((20, 8), name="reshape"),
            L.Conv1D(6, 3, padding="causal", dilation_rate=2, groups=2, activation="sigmoid", name="conv1d"),
            L.Conv1D(4, 2, strides=2, groups=2, name="conv1d_1"),
            L.Flatten(name="flatten"), L.Dense(2, name="dense")])
    out.append(dict(
        name="grouped_conv_layers",
        description="Conv2D(6, (3, 2), strides (2, 1), same, groups 2, relu) -> Conv2D(4, (1, 3), dilation (1, 2), groups "
                    "2, tanh, no bias) -> Conv2D(8, 2, same, groups 4, channels_first: reads [4 channels, 5, 4]) -> "
                    "Reshape(20, 8) -> Conv1D(6, 3, causal, dilation 2, groups 2, sigmoid) -> Conv1D(4, 2, strides 2, "
                    "groups 2) -> Flatten -> Dense(2), input [8,9,4]",
        input_shape=(8, 9, 4), build=grouped_conv_layers, loss=None, no_weights_file=True))

    def grouped_conv3d_layers():
        # Both Kerases save and run Conv3D groups (on CPU as for Conv2D); channels-last only
        return seq("grouped_conv3d_layers", (4, 5, 4, 4), [
            L.Conv3D(6, (2, 3, 2), strides=(1, 2, 1), padding="same", groups=2, activation="relu", name="conv3d"),
            L.Conv3D(4, 2, dilation_rate=(1, 1, 2), groups=2, activation="tanh", use_bias=False, name="conv3d_1"),
            L.Conv3D(4, 1, groups=4, name="conv3d_2"),
            L.Flatten(name="flatten"), L.Dense(2, name="dense")])
    out.append(dict(
        name="grouped_conv3d_layers",
        description="Conv3D(6, (2, 3, 2), strides (1, 2, 1), same, groups 2, relu) -> Conv3D(4, 2, dilation (1, 1, 2), "
                    "groups 2, tanh, no bias) -> Conv3D(4, 1, groups 4: one channel per group) -> Flatten -> Dense(2), "
                    "input [4,5,4,4]",
        input_shape=(4, 5, 4, 4), build=grouped_conv3d_layers, loss=None, no_weights_file=True))

    def global_pooling1d_options():
        return seq("global_pooling1d_options", (6, 4), [
            L.Dense(4, name="dense_0"),
            L.GlobalAveragePooling1D(data_format="channels_first", keepdims=True, name="global_average_pooling1d"),
            L.Flatten(name="flatten"), L.Dense(4, name="dense"), L.Reshape((2, 2), name="reshape"),
            L.GlobalMaxPooling1D(keepdims=True, name="global_max_pooling1d"),
            L.GlobalAveragePooling1D(data_format="channels_first", name="global_average_pooling1d_1")])
    out.append(dict(
        name="global_pooling1d_options",
        description="Dense(4) -> GlobalAveragePooling1D(channels_first: [6 features, 4 steps], keepdims) -> Flatten -> Dense(4) -> Reshape(2, 2) -> GlobalMaxPooling1D(keepdims) -> "
                    "GlobalAveragePooling1D(channels_first), input [6,4]",
        input_shape=(6, 4), build=global_pooling1d_options, loss=None, no_weights_file=True))

    def bidirectional_rnn_cells():
        # Keras 3.10's Bidirectional builds its backward copy with go_backwards True whatever the wrapped layer's
        # value, and then refuses a wrapped layer with go_backwards True: tf-keras only.
        # Keras 3.10 also fails to run a masked RNN over a list of ONE cell (its while loop's state structure
        # mismatches): a single cell there.
        backwards = {} if keras3 else {"go_backwards": True}
        simple = L.SimpleRNNCell(2, name="simple_rnn_cell")
        cells = [L.LSTMCell(4, name="lstm_cell"), L.GRUCell(3, name="gru_cell")]
        return seq("bidirectional_rnn_cells", (5, 3), [
            L.Masking(0.0, name="masking"),
            L.Bidirectional(L.RNN(cells, return_sequences=True, name="rnn"), merge_mode="sum", name="bidirectional"),
            L.Bidirectional(L.RNN(simple if keras3 else [simple], return_sequences=True, name="rnn_1",
                                  **backwards), merge_mode="mul", name="bidirectional_1"),
            L.Bidirectional(L.RNN(L.LSTMCell(3, name="lstm_cell_1"), name="rnn_2"), name="bidirectional_2"),
            L.Dense(2, name="dense")])
    out.append(dict(
        name="bidirectional_rnn_cells",
        description="Masking(0) -> Bidirectional(RNN([LSTMCell(4), GRUCell(3)], return_sequences), sum) -> "
                    "Bidirectional(RNN([SimpleRNNCell(2)] (a list of one in tf-keras, the cell in Keras 3), return_sequences"
                    "[, go_backwards: tf-keras only]), mul) -> "
                    "Bidirectional(RNN(LSTMCell(3)), concat) -> Dense(2), input [5,3] with masked trailing steps; the "
                    "dialect's defaults (sigmoid gates, GRU reset_after true); Keras zeroes masked steps of a "
                    "Bidirectional sequence output",
        input_shape=(5, 3), input_kind="padded", build=bidirectional_rnn_cells, loss=None, no_weights_file=True))

    def bidirectional_rnn_state():
        x = k.Input(shape=(4, 2), name="input")
        outs = L.Bidirectional(L.RNN([L.LSTMCell(3, name="lstm_cell"), L.SimpleRNNCell(2, name="simple_rnn_cell")],
                                     return_state=True, name="rnn"), merge_mode="ave", name="bidirectional")(x)
        flat = []
        for o in outs:
            flat.extend(o if isinstance(o, (list, tuple)) else [o])
        return k.Model(x, flat, name="bidirectional_rnn_state")
    out.append(dict(
        name="bidirectional_rnn_state",
        description="functional: Bidirectional(RNN([LSTMCell(3), SimpleRNNCell(2)], return_state), ave) over input [4,2]; "
                    "outputs the merged last output, then the forward RNN's states (LSTM h, c, SimpleRNN h), then the "
                    "backward RNN's, listed flat",
        input_shape=(4, 2), build=bidirectional_rnn_state, loss=None, no_weights_file=True))
    out.append(dict(
        name="activity_regularized_layers",
        description="Dense(4, relu, activity L1) -> ActivityRegularization(l1 0.01, l2 0.02) -> LSTM(2, activity "
                    "L1L2) -> Dense(1, activity L2), input [3,2]: activity regularizers change training only "
                    "(ActivityRegularizerParityTest trains such models)",
        input_shape=(3, 2), build=lambda: seq("activity_regularized_layers", (3, 2), [
            L.Dense(4, activation="relu", activity_regularizer=k.regularizers.L1(0.01)),
            L.ActivityRegularization(l1=0.01, l2=0.02),
            L.LSTM(2, activity_regularizer=k.regularizers.L1L2(0.01, 0.02)),
            L.Dense(1, activity_regularizer=k.regularizers.L2(0.03))]),
        loss=None, no_weights_file=True))

    def multi_head_attention_axes_masked():
        image = k.Input(shape=(3, 4, 5), name="image")
        volume = k.Input(shape=(2, 3, 2, 4), name="volume")
        row_mask = k.Input(shape=(3, 4, 4), name="row_mask")
        volume_mask = k.Input(shape=(3, 2, 2, 2, 2), name="volume_mask")
        # (1,) on rank 4: along the height, the width a batch axis (not the default)
        height = L.MultiHeadAttention(2, 3, attention_axes=(1,), name="multi_head_attention")(image, image)
        # None on rank 4: every middle axis (saved as (1, 2) once built)
        both = L.MultiHeadAttention(2, 2, value_dim=3, name="multi_head_attention_1")(height, image)
        # axes in reverse order: the scores' axes follow it
        reverse, reverse_scores = L.MultiHeadAttention(2, 2, attention_axes=(2, 1), name="multi_head_attention_2")(
            image, both, return_attention_scores=True)
        # a negative axis counts on the projected query: -3 is the width of [batch, H, W, heads, key_dim]
        negative = L.MultiHeadAttention(1, 4, attention_axes=-3, output_shape=3, name="multi_head_attention_3")(
            reverse, image)
        # an attention mask [batch, H, Wq, Wk] over the width
        rows, row_scores = L.MultiHeadAttention(2, 3, attention_axes=(2,), name="multi_head_attention_4")(
            image, image, attention_mask=row_mask, return_attention_scores=True)
        # the causal mask along the height
        causal = L.MultiHeadAttention(2, 2, attention_axes=(1,), name="multi_head_attention_5")(
            image, image, use_causal_mask=True)
        # rank 5: axes (1, 3) with a full-rank attention mask, then every middle axis
        vol, vol_scores = L.MultiHeadAttention(2, 2, attention_axes=(1, 3), name="multi_head_attention_6")(
            volume, volume, attention_mask=volume_mask, return_attention_scores=True)
        vol_all = L.MultiHeadAttention(1, 3, name="multi_head_attention_7")(vol, volume)
        return k.Model([image, volume, row_mask, volume_mask],
                       [negative, reverse_scores, rows, row_scores, causal, vol_all, vol_scores],
                       name="multi_head_attention_axes_masked")
    out.append(dict(
        name="multi_head_attention_axes_masked",
        description="functional: image [3,4,5], volume [2,3,2,4], row_mask [3,4,4] and volume_mask [3,2,2,2,2] (0/1); "
                    "MultiHeadAttention over attention_axes (1,) of the image (height), None (every middle axis), (2, 1) "
                    "with scores [batch, heads, 4, 3, 4, 3], -3 (the width) with output_shape 3, (2,) with the attention "
                    "mask [batch, H, Wq, Wk] and scores, (1,) with use_causal_mask; over the volume (1, 3) with a "
                    "full-rank attention mask and scores, then None (every middle axis); Keras 3 zeroes the weights of "
                    "fully masked positions (always its unfused path on inputs of rank > 3), tf-keras attends uniformly",
        inputs=[("image", (3, 4, 5)), ("volume", (2, 3, 2, 4)), ("row_mask", (3, 4, 4)),
                ("volume_mask", (3, 2, 2, 2, 2))], mask_inputs=("row_mask", "volume_mask"),
        build=multi_head_attention_axes_masked, loss=None, no_weights_file=False))

    def multi_head_attention_key_dim1():
        x = k.Input(shape=(3, 4), name="input")
        causal = L.MultiHeadAttention(3, 1, value_dim=3, output_shape=3, name="multi_head_attention")(
            x, x, use_causal_mask=True)
        value1 = L.MultiHeadAttention(3, 2, value_dim=1, name="multi_head_attention_1")(x, x)
        return k.Model(x, [causal, value1], name="multi_head_attention_key_dim1")
    out.append(dict(
        name="multi_head_attention_key_dim1",
        description="functional: input [3,4] (3 steps); MultiHeadAttention(3 heads, key_dim 1, value_dim 3, output_shape "
                    "3, causal) and MultiHeadAttention(3 heads, key_dim 2, value_dim 1): projections of head size 1 whose "
                    "input has as many steps as heads. Keras 3.10's TensorFlow backend adds their [3, 1] biases along "
                    "the steps (keras.ops.add -> channels-first tf.nn.bias_add), tf-keras per head: the Keras 3 files "
                    "are refused, the tf-keras ones match",
        input_shape=(3, 4), build=multi_head_attention_key_dim1, loss=None, no_weights_file=True))

    def multi_head_attention_key_dim1_long():
        x = k.Input(shape=(5, 4), name="input")
        y = L.MultiHeadAttention(3, 1, value_dim=1, output_shape=2, name="multi_head_attention")(
            x, x, use_causal_mask=True)
        return k.Model(x, y, name="multi_head_attention_key_dim1_long")
    out.append(dict(
        name="multi_head_attention_key_dim1_long",
        description="MultiHeadAttention(3 heads, key_dim 1, value_dim 1, output_shape 2, causal) over input [5,4]: head "
                    "size 1 with 5 steps for 3 heads, which every reader (Keras 3's TensorFlow backend too) adds per head",
        input_shape=(5, 4), build=multi_head_attention_key_dim1_long, loss=None, no_weights_file=True))

    def functional_masking():
        x = k.Input(shape=(5, 3), name="input")
        m = L.Masking(0.0, name="masking")(x)
        return k.Model(x, [L.LSTM(3, name="lstm")(m),
                           L.SimpleRNN(2, name="simple_rnn")(L.Dense(4, name="dense")(m)),
                           L.Bidirectional(L.GRU(2, name="gru"), name="bidirectional")(m),
                           L.GRU(2, name="gru_shifted")(L.Masking(0.25, name="masking_shifted")(x))],
                       name="functional_masking")
    # Keras 3.10 saves a functional model's Masking mask as NotEqual + Any operations feeding each consumer's mask
    # argument (tf-keras keeps it implicit)
    out.append(dict(
        name="functional_masking",
        description="functional: Masking(0) over input [5,3] with all-zero trailing steps, consumed by LSTM(3), by "
                    "Dense(4) -> SimpleRNN(2) and by Bidirectional(GRU(2)); a second Masking(0.25) -> GRU(2) on the "
                    "same input (masks nothing: the value differs)",
        input_shape=(5, 3), input_kind="padded", build=functional_masking, loss=None, no_weights_file=True))

    def normalization_axes():
        x = k.Input(shape=(4, 5), name="input")
        outs = [L.BatchNormalization(axis=1, name="batch_norm_first")(x),
                L.LayerNormalization(axis=1, name="layer_norm_steps")(x),
                L.LayerNormalization(axis=[1, 2], epsilon=0.01, name="layer_norm_both")(x),
                L.LayerNormalization(axis=[2, 1], center=False, name="layer_norm_listed_backwards")(x),
                L.LayerNormalization(axis=-2, scale=False, name="layer_norm_negative")(x)]
        if keras3:
            outs.append(L.LayerNormalization(rms_scaling=True, name="layer_norm_rms")(x))
            outs.append(L.LayerNormalization(axis=1, rms_scaling=True, name="layer_norm_rms_steps")(x))
        return k.Model(x, outs, name="normalization_axes")
    out.append(dict(
        name="normalization_axes",
        description="functional, input [4,5]: BatchNormalization(axis=1) (channels-first statistics, inference), "
                    "LayerNormalization over axis 1, over [1, 2] (epsilon 0.01), over [2, 1] (no center: the weight "
                    "is [5, 4], reshaped by Keras) and over -2 (no scale); Keras 3 adds rms_scaling over the last "
                    "axis and over axis 1",
        input_shape=(4, 5), build=normalization_axes, loss=None, no_weights_file=True))

    out.append(dict(
        name="flatten_rank2",
        description="Dense(3) -> Flatten (a rank-2 input: Keras passes it through; TF.js refuses to build it) -> "
                    "Dense(2), input [4]",
        input_shape=(4,), loss=None, no_weights_file=True,
        build=lambda: seq("flatten_rank2", (4,), [L.Dense(3, name="dense"), L.Flatten(name="flatten"),
                                                  L.Dense(2, name="dense_1")])))

    def conv1d_channels_first():
        # Both Kerases run channels_first 1-D convolutions and pooling on CPU (TF 2.18). Each biased layer's output
        # width differs from its filters: Keras 3.10's TF backend adds the bias along the width when they are equal
        # (see grouped_conv_layers).
        return seq("conv1d_channels_first", (3, 9), [
            L.Conv1D(4, 3, strides=2, padding="same", activation="relu", data_format="channels_first", name="conv1d"),
            L.Conv1D(6, 2, padding="causal", dilation_rate=2, activation="tanh", data_format="channels_first",
                     name="conv1d_1"),
            L.Conv1D(4, 2, groups=2, use_bias=False, data_format="channels_first", name="conv1d_2"),
            L.MaxPooling1D(2, strides=1, data_format="channels_first", name="max_pooling1d"),
            L.AveragePooling1D(2, padding="same", data_format="channels_first", name="average_pooling1d"),
            L.Conv1DTranspose(3, 2, strides=2, data_format="channels_first", name="conv1d_transpose"),
            L.Flatten(name="flatten"), L.Dense(2, name="dense")])
    out.append(dict(
        name="conv1d_channels_first",
        description="Conv1D(4, 3, strides 2, same, relu, channels_first: reads [3 channels, 9 steps]) -> Conv1D(6, 2, "
                    "causal, dilation 2, tanh, channels_first) -> Conv1D(4, 2, groups 2, no bias, channels_first) -> "
                    "MaxPooling1D(2, strides 1, channels_first) -> AveragePooling1D(2, same, channels_first) -> "
                    "Conv1DTranspose(3, 2, strides 2, channels_first) -> Flatten -> Dense(2), input [3,9]",
        input_shape=(3, 9), build=conv1d_channels_first, loss=None))

    def masked_channels_first_pooling():
        # Keras applies a channels_first layer's [batch, steps] mask along its last axis (expand_dims at axis 1): the
        # Embedding's mask (one entry per id) weights the steps only because there are as many features as ids.
        return seq("masked_global_pooling1d_channels_first", (6,), [
            L.Embedding(12, 6, mask_zero=True, name="embedding"), L.Dense(6, name="dense"),
            L.GlobalAveragePooling1D(data_format="channels_first", name="global_average_pooling1d")])
    out.append(dict(
        name="masked_global_pooling1d_channels_first",
        description="Embedding(12, 6, mask_zero) -> Dense(6) (passes the mask on) -> GlobalAveragePooling1D(channels_first: "
                    "the mask of the 6 ids weights the last axis, [6 features, 6 steps]), ids [6] with trailing padding",
        input_shape=(6,), input_kind="ids", no_all_masked_case=True, build=masked_channels_first_pooling, loss=None,
        no_weights_file=True))

    def depthwise_conv1d_layers():
        # DepthwiseConv1D (tf-keras 2.18 and Keras 3.10; TF.js has none). The channels-first layer has no bias (Keras
        # 3.10's TF backend adds a channels-first bias along the steps when they equal the channels).
        return seq("depthwise_conv1d_layers", (9, 3), [
            L.DepthwiseConv1D(3, depth_multiplier=2, strides=2, padding="same", activation="relu",
                              depthwise_regularizer=k.regularizers.L2(0.01), name="depthwise_conv1d"),
            L.DepthwiseConv1D(2, dilation_rate=2, activation="tanh", name="depthwise_conv1d_1"),
            L.DepthwiseConv1D(2, depth_multiplier=2, use_bias=False, data_format="channels_first",
                              name="depthwise_conv1d_2"),
            L.Flatten(name="flatten"), L.Dense(2, name="dense")])
    out.append(dict(
        name="depthwise_conv1d_layers",
        description="DepthwiseConv1D(3, depth_multiplier 2, strides 2, same, relu, depthwise L2 0.01) -> DepthwiseConv1D(2, "
                    "dilation 2, tanh) -> DepthwiseConv1D(2, depth_multiplier 2, no bias, channels_first: reads [3 steps "
                    "as channels, 6]) -> Flatten -> Dense(2), input [9,3]",
        input_shape=(9, 3), build=depthwise_conv1d_layers, loss=None))

    def separable_conv1d_layers():
        # SeparableConv1D (tf-keras 2.18 and Keras 3.10; TF.js has none); the channels-first layer's output steps (3)
        # differ from its filters (2): Keras 3.10's TF backend adds the bias along the steps when they are equal.
        return seq("separable_conv1d_layers", (9, 3), [
            L.SeparableConv1D(4, 3, depth_multiplier=2, strides=2, padding="same", activation="relu",
                              pointwise_regularizer=k.regularizers.L2(0.01), name="separable_conv1d"),
            L.SeparableConv1D(3, 2, dilation_rate=2, activation="tanh", use_bias=False, name="separable_conv1d_1"),
            L.SeparableConv1D(2, 2, padding="same", data_format="channels_first", name="separable_conv1d_2"),
            L.Flatten(name="flatten"), L.Dense(2, name="dense")])
    out.append(dict(
        name="separable_conv1d_layers",
        description="SeparableConv1D(4, 3, depth_multiplier 2, strides 2, same, relu, pointwise L2 0.01) -> "
                    "SeparableConv1D(3, 2, dilation 2, tanh, no bias) -> SeparableConv1D(2, 2, same, channels_first: reads "
                    "[3 steps as channels, 3]) -> Flatten -> Dense(2), input [9,3]",
        input_shape=(9, 3), build=separable_conv1d_layers, loss=None, no_weights_file=True))

    if dialect == "tfkeras2":
        def many_layers():
            # Long names make layer_names exceed HDF5's 64 KiB attribute limit, so Keras splits it into
            # layer_names0..N (save_attributes_to_hdf5_group).
            layers = [L.LSTM(3, name="lstm")]
            for j in range(70):
                layers.append(L.Dropout(0.1, name="dropout_" + ("x" * 1000) + "_%d" % j))
            layers.append(L.Dense(1, name="dense"))
            return seq("chunked_layer_names", (2, 2), layers)
        out.append(dict(
            name="chunked_layer_names",
            description="LSTM(3) -> 70 x Dropout with 1000-char names -> Dense(1): layer_names split in chunks",
            input_shape=(2, 2), build=many_layers, loss=None, no_weights_file=True))
    def einsum_dense_layers():
        # The transformer projections (query, output), elided leading axes, a transposing equation and elided
        # trailing axes; None in output_shape leaves the axis to the input (Keras 3 then knows it only at run time)
        return seq("einsum_dense_layers", (4, 6), [
            L.EinsumDense("abc,cde->abde", output_shape=(None, 2, 3), bias_axes="de", activation="tanh",
                          name="einsum_dense"),
            L.EinsumDense("abcd,cde->abe", output_shape=(None, 5), bias_axes="e", name="einsum_dense_1"),
            L.EinsumDense("...b,bc->...c", output_shape=(2,), bias_axes="c", activation="relu",
                          name="einsum_dense_2"),
            L.EinsumDense("abc,dc->adb", output_shape=(3, None), bias_axes="d", name="einsum_dense_3"),
            # c (5) differs from the elided axis (4): Keras 3.10's TF backend adds a bias that squeezes to a vector
            # along the LAST axis whenever their lengths are equal (its bias_add shortcut), not along c
            L.EinsumDense("ab...,bc->ac...", output_shape=(5,), bias_axes="c", name="einsum_dense_4"),
            # c (the elided axis before: unknown to Keras 3) is summed over alone, as einsum does
            L.EinsumDense("abc,bd->ad", output_shape=(3,), bias_axes="d", name="einsum_dense_5")])
    out.append(dict(
        name="einsum_dense_layers",
        description="EinsumDense abc,cde->abde (None, 2, 3) bias de tanh -> abcd,cde->abe (None, 5) bias e -> "
                    "...b,bc->...c (2,) bias c relu -> abc,dc->adb (3, None) bias d -> ab...,bc->ac... (5,) bias c "
                    "(bias [5, 1]) -> abc,bd->ad (3,) bias d (c summed alone), input [4,6]",
        input_shape=(4, 6), build=einsum_dense_layers, loss=None))

    def augmentation_layers():
        # Keras applies these only in training: predict (training=False) must be the identity through them.
        # tf-keras's RandomHeight/RandomWidth leave the spatial size unknown to the next layers (fine for Conv2D and
        # global pooling); Keras 3.10 adds the color, distortion and mixing layers (MixUp/CutMix mix the images of a
        # batch in training only). Left out, Keras 3.10 failing them: Equalization and RandomGrayscale return their
        # very input tensor when not training (the Sequential reports a cycle / unconnected inputs), RandomShear's
        # saved config does not deserialize; AugMix, RandAugment, RandomBrightness, RandomSaturation, RandomSharpness,
        # Solarization, RandomColorDegeneration and RandomPosterization cannot be saved as legacy h5 (its deepcopy of
        # the config fails); the codec round trips cover them
        aug = [L.RandomFlip("horizontal_and_vertical", seed=1, name="random_flip"),
               L.RandomRotation((-0.2, 0.3), fill_mode="nearest", seed=2, name="random_rotation"),
               L.RandomZoom(0.2, width_factor=(-0.1, 0.3), seed=3, name="random_zoom"),
               L.RandomTranslation(0.1, 0.2, fill_mode="constant", fill_value=0.5, seed=4, name="random_translation"),
               L.RandomContrast(0.3, seed=5, name="random_contrast")]
        if keras3:
            aug += [L.RandomHue(0.2, value_range=(-3.0, 3.0), seed=8, name="random_hue"),
                    L.RandomInvert(0.5, value_range=(-3.0, 3.0), seed=10, name="random_invert"),
                    L.RandomPerspective(0.5, seed=12, name="random_perspective"),
                    L.RandomGaussianBlur(0.5, seed=13, name="random_gaussian_blur"),
                    L.RandomErasing(0.5, seed=14, name="random_erasing"),
                    L.RandomColorJitter(value_range=(-3.0, 3.0), brightness_factor=0.2, seed=15,
                                        name="random_color_jitter"),
                    L.RandomElasticTransform(seed=19, name="random_elastic_transform"),
                    L.MixUp(seed=22, name="mix_up"), L.CutMix(seed=23, name="cut_mix")]
        else:
            aug += [L.RandomBrightness(0.2, value_range=(-3.0, 3.0), seed=6, name="random_brightness"),
                    L.RandomHeight(0.2, seed=7, name="random_height"), L.RandomWidth((-0.1, 0.2), seed=8,
                                                                                   name="random_width")]
        return seq("augmentation_layers", (6, 5, 3), aug + [
            L.Conv2D(4, 3, activation="relu", name="conv2d"), L.GlobalAveragePooling2D(name="global_average_pooling2d"),
            L.Dense(2, name="dense")])
    out.append(dict(
        name="augmentation_layers",
        description="RandomFlip -> RandomRotation -> RandomZoom -> RandomTranslation -> RandomContrast -> "
                    "(tf-keras: RandomBrightness -> RandomHeight -> RandomWidth; Keras 3: RandomHue, RandomInvert, "
                    "RandomPerspective, RandomGaussianBlur, RandomErasing, RandomColorJitter, RandomElasticTransform, "
                    "MixUp, CutMix) "
                    "-> Conv2D(4, 3, relu) -> GlobalAveragePooling2D -> Dense(2), input [6,5,3]: the identity at "
                    "inference",
        input_shape=(6, 5, 3), build=augmentation_layers, loss=None, no_weights_file=True))

    def random_crop_layers():
        # tf-keras resizes the centred window of the crop's aspect ratio at inference; Keras 3.10 returns the input
        # unchanged (while declaring the cropped shape: Conv2D and global pooling run on either size)
        return seq("random_crop_layers", (7, 6, 2), [
            L.RandomCrop(4, 5, seed=3, name="random_crop"),
            L.Conv2D(3, 2, activation="tanh", name="conv2d"), L.RandomCrop(2, 2, name="random_crop_1"),
            L.GlobalMaxPooling2D(name="global_max_pooling2d"), L.Dense(2, name="dense")])
    out.append(dict(
        name="random_crop_layers",
        description="RandomCrop(4, 5) -> Conv2D(3, 2, tanh) -> RandomCrop(2, 2) -> GlobalMaxPooling2D -> Dense(2), "
                    "input [7,6,2]: tf-keras resizes the centred window at inference, Keras 3.10 passes the input on",
        input_shape=(7, 6, 2), build=random_crop_layers, loss=None, no_weights_file=True))

    if keras3:
        def rms_normalization_layers():
            # Keras 3.9+ only; the scale (ones at first) gets ramp weights like every weight
            # axis 1 of [5, 5]: Keras multiplies its scale (5,) against the LAST axis (numpy broadcasting)
            return seq("rms_normalization_layers", (5, 4), [
                L.Dense(5, name="dense_0"), L.RMSNormalization(name="rms_normalization"),
                L.RMSNormalization(axis=[-2, -1], epsilon=1e-3, name="rms_normalization_1"),
                L.RMSNormalization(axis=1, epsilon=1e-2, name="rms_normalization_2"), L.Dense(2, name="dense")])
        out.append(dict(
            name="rms_normalization_layers",
            description="Dense(5) -> RMSNormalization() -> RMSNormalization(axis [-2, -1], epsilon 1e-3) -> "
                        "RMSNormalization(axis 1, epsilon 1e-2: the scale broadcasts against the last axis) -> Dense(2), "
                        "input [5,4] (Keras 3 only)",
            input_shape=(5, 4), build=rms_normalization_layers, loss=None))

    if not corpus_too:
        return out
    from corpus_table import corpus
    return out + corpus(k, dialect)


def normalization_data():
    """The adapt data of normalization_adapt: features with different means and spreads."""
    a = ramp_input((7, 5, 3), 11, 2.0) + np.array([0.5, -3.0, 10.0], dtype=np.float32)
    b = ramp_input((10, 5, 3), 12, 1.5) * np.array([1.0, 3.0, 0.5], dtype=np.float32) + 2.0
    return a.astype(np.float32), b.astype(np.float32)


def cases_for(spec):
    if spec.get("batches"):
        b = spec["batches"]
        return [("fixed_batch", b, 2, 1.0), ("fixed_batch_large_values", b, 3, 4.0)]
    if spec.get("no_all_masked_case"):
        # an all-padding sequence is 0/0 (NaN) in a masked mean: left out
        return [("single", 1, 1, 1.0), ("batch4", 4, 2, 1.0), ("large_values", 2, 3, 4.0)]
    return [("single", 1, 1, 1.0), ("batch4", 4, 2, 1.0), ("large_values", 2, 3, 4.0), ("zeros", 1, 0, 0.0)]


def spec_inputs(spec):
    return spec.get("inputs") or [("input", spec["input_shape"])]


def case_input(spec, shape, seed, scale):
    kind = spec.get("input_kind")
    if kind == "ids_staggered":
        # ids like "ids", the padding length varying with the input (seed) too, so inputs differ in their masks
        v = case_input(dict(spec, input_kind="ids"), shape, seed, scale)
        for b in range(shape[0]):
            keep = shape[1] - ((b + seed) % 4) - 1
            v[b, keep:] = 0
        return v
    if kind == "ids":
        # ids in [1, 11], each sample padded with trailing zeros (mask_zero): sample b keeps 6 - (b % 3) ids
        n = int(np.prod(shape))
        v = (np.arange(n) * 7 + 3 * seed) % 11 + 1
        v = v.reshape(shape).astype(np.float32)
        if scale == 0.0:
            v[:] = 0
        for b in range(shape[0]):
            keep = shape[1] - (b % 3) - 1
            v[b, keep:] = 0
        return v
    x = ramp_input(shape, seed, scale)
    if kind == "padded":
        for b in range(shape[0]):
            x[b, shape[1] - 1 - (b % 2):, :] = 0  # masked trailing steps
    return x


def tensor_json(name, arr):
    return {"name": name, "shape": list(arr.shape), "dtype": "float32",
            "data": [float(v) for v in arr.astype(np.float32).ravel()]}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dialect", choices=["tfkeras2", "keras3"], required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--only", default=None)
    ap.add_argument("--corpus", action="store_true",
                    help="also the issue-12 corpus (corpus_table.py); the live interop test leaves it out for time")
    args = ap.parse_args()
    k, producer = load_keras(args.dialect)
    outdir = os.path.join(args.out, args.dialect)
    os.makedirs(outdir, exist_ok=True)
    if args.dialect == "keras3" and (not args.only or "lambda_refused" in args.only.split(",")):
        # A Lambda layer Engram must refuse with its name and a hint (no cases: nothing to compare).
        lam = k.Sequential([k.Input((3,)), k.layers.Dense(2, name="dense"),
                            k.layers.Lambda(lambda x: x * 2.0, name="double")], name="lambda_refused")
        lam.save(os.path.join(outdir, "lambda_refused.keras"))
    for spec in fixtures(k, args.dialect, args.corpus):
        if args.only and spec["name"] not in args.only.split(","):
            continue
        model = spec["build"]()
        ramp_weights(model)
        if spec.get("after_weights"):
            spec["after_weights"](model)
        compile_desc = None
        if spec.get("loss"):
            model.compile(loss=spec["loss"], optimizer=spec["optimizer"]())
            compile_desc = {"loss": spec["loss"], "optimizer": spec["optimizer_desc"]}
        base = os.path.join(outdir, spec["name"])
        files = {}
        if args.dialect == "tfkeras2":
            model.save(base + ".h5", save_format="h5")
        else:
            model.save(base + ".h5")  # Keras 3 legacy HDF5
            model.save(base + ".keras")
            files["keras"] = spec["name"] + ".keras"
        files["h5"] = spec["name"] + ".h5"
        if not spec.get("no_weights_file"):
            # ".weights.h5" selects the Keras 3 weights layout (layers/<name>/vars/N) in both packages.
            model.save_weights(base + ".weights.h5")
            files["weights"] = spec["name"] + ".weights.h5"
            if args.dialect == "tfkeras2":
                # Any other ".h5" name gives the legacy HDF5 weights-only layout (layer_names at the root).
                model.save_weights(base + ".legacy_weights.h5", save_format="h5")
                files["legacyWeights"] = spec["name"] + ".legacy_weights.h5"
        predictor = model
        if spec.get("reference"):
            # float16 files: Keras's own float16 arithmetic is not the reference; the float32 model holding the
            # file's exact (float16) weight values is
            predictor = spec["reference"]()
            predictor.set_weights([np.asarray(w).astype(np.float32) for w in model.get_weights()])
        cases = []
        ins = spec_inputs(spec)
        out_names = [t.name.split("/")[0] for t in model.outputs] if len(model.outputs) > 1 else ["output"]
        for cname, batch, seed, scale in cases_for(spec):
            xs = [case_input(spec, (batch,) + tuple(shp), seed + 5 * j, scale) for j, (_, shp) in enumerate(ins)]
            # 0/1 mask inputs (attention masks): a threshold of the ramp, so positions and whole rows are masked
            xs = [(x > -0.3).astype(np.float32) if n in spec.get("mask_inputs", ()) else x
                  for (n, _), x in zip(ins, xs)]
            feed = [x.astype(np.int32) if spec.get("input_kind") in ("ids", "ids_staggered") else x for x in xs]
            ys = predictor.predict(feed if len(feed) > 1 else feed[0], verbose=0)
            ys = ys if isinstance(ys, (list, tuple)) else [ys]
            cases.append({"name": cname,
                          "inputs": [tensor_json(n, x) for (n, _), x in zip(ins, xs)],
                          "outputs": [tensor_json(out_names[i] if i < len(out_names) else "output_%d" % i,
                                                  np.asarray(y)) for i, y in enumerate(ys)]})
        doc = {
            "fixture": spec["name"],
            "description": spec["description"],
            "producer": producer,
            "dialect": args.dialect,
            "model": files["h5"],
            "files": files,
            "modelClass": type(model).__name__,
            "layers": [{"name": l.name, "className": type(l).__name__} for l in model.layers],
            "compile": compile_desc,
            "tolerance": {"rtol": 1e-5, "atol": 1e-6},
            "inputNames": [n for n, _ in spec_inputs(spec)],
            "outputNames": [o["name"] for o in cases[0]["outputs"]],
            "cases": cases,
        }
        if spec.get("extra"):
            doc.update(spec["extra"]())
        with open(base + ".cases.json", "w") as f:
            json.dump(doc, f, indent=1)
        print("wrote", base, files, file=sys.stderr)


if __name__ == "__main__":
    main()
