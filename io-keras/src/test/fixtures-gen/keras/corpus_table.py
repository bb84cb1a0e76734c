"""The interop corpus (issue 12): one table of architectures, built with the real Keras of either dialect.

Consumers, each running the real peer:
  gen_keras.py                 (tf-keras 2.18 .h5; Keras 3.10 legacy .h5 and .keras)  -> io-keras resources/keras/<dialect>
  io-onnx/.../gen_tf2onnx.py   (tf-keras 2.18 model -> tf2onnx 1.17)                  -> io-onnx resources/tf2onnx

Every entry is a dict in gen_keras.py's fixture schema: name, description, build (a function returning an
unbuilt-weights model), input_shape or inputs [(name, shape)], optional input_kind ("ids" for token ids with
trailing 0 padding, "padded" for all-zero trailing steps), optional batches (fixed batch dimension: only cases of
that batch size), optional tf2onnx=False (tf2onnx cannot express it, see the reason), optional dialects (a subset of
("tfkeras2", "keras3")). Weights are set by gen_keras.ramp_weights: deterministic, asymmetric per gate and unit.

What the entries vary, the way a hidden peer-made set would: stacked and bidirectional LSTM/GRU/SimpleRNN with every
merge mode, return_sequences and return_state, go_backwards, unroll, reset_after both ways, dropout and
recurrent_dropout set (identity at inference), activations of every kind Keras names (hard_sigmoid in both dialects),
use_bias off, constraints and regularizers in the config, masking by Embedding(mask_zero) and Masking feeding
recurrent, bidirectional, pooling and TimeDistributed layers, Conv1D with pooling, normalisation layers,
TimeDistributed, RepeatVector, functional graphs with merges, several inputs and outputs, shared layers and nested
models, and a fixed batch dimension.
"""


def corpus(k, dialect):
    L = k.layers
    reg = k.regularizers
    con = k.constraints

    def seq(name, input_shape, layers, batch_size=None):
        return k.Sequential([k.Input(shape=input_shape, batch_size=batch_size)] + layers, name=name)

    out = []

    def add(name, description, build, **kw):
        out.append(dict(name=name, description=description, build=build, loss=None, no_weights_file=True, **kw))

    # ---------------- recurrent stacks ----------------
    add("corpus_bilstm_stack_ave_mul",
        "Bidirectional(LSTM(4, return_sequences), ave) -> Bidirectional(LSTM(3), mul) -> Dense(2), input [6,3]",
        lambda: seq("corpus_bilstm_stack_ave_mul", (6, 3), [
            L.Bidirectional(L.LSTM(4, return_sequences=True), merge_mode="ave"),
            L.Bidirectional(L.LSTM(3), merge_mode="mul"), L.Dense(2)]),
        input_shape=(6, 3))
    add("corpus_bigru_reset_both",
        "Bidirectional(GRU(3, reset_after=True, return_sequences), concat) -> Bidirectional(GRU(2, reset_after=False),"
        " sum) -> Dense(1, sigmoid), input [5,4]",
        lambda: seq("corpus_bigru_reset_both", (5, 4), [
            L.Bidirectional(L.GRU(3, reset_after=True, return_sequences=True)),
            L.Bidirectional(L.GRU(2, reset_after=False), merge_mode="sum"), L.Dense(1, activation="sigmoid")]),
        input_shape=(5, 4))
    add("corpus_simple_rnn_backwards_unroll",
        "SimpleRNN(5, go_backwards, unroll, return_sequences) -> SimpleRNN(3, sigmoid, unroll) -> Dense(2), input [4,3]",
        lambda: seq("corpus_simple_rnn_backwards_unroll", (4, 3), [
            L.SimpleRNN(5, go_backwards=True, unroll=True, return_sequences=True),
            L.SimpleRNN(3, activation="sigmoid", unroll=True), L.Dense(2)]),
        input_shape=(4, 3))
    add("corpus_lstm_unroll_backwards_seq",
        "LSTM(4, go_backwards, return_sequences, unroll) -> GRU(3, go_backwards, unroll) -> Dense(2), input [3,2]",
        lambda: seq("corpus_lstm_unroll_backwards_seq", (3, 2), [
            L.LSTM(4, go_backwards=True, return_sequences=True, unroll=True),
            L.GRU(3, go_backwards=True, unroll=True), L.Dense(2)]),
        input_shape=(3, 2))
    add("corpus_recurrent_dropout_stack",
        "LSTM(5, dropout 0.2, recurrent_dropout 0.3, return_sequences) -> GRU(4, dropout 0.1, recurrent_dropout 0.25)"
        " -> Dropout(0.4) -> Dense(2); dropout is the identity at inference, input [5,3]",
        lambda: seq("corpus_recurrent_dropout_stack", (5, 3), [
            L.LSTM(5, dropout=0.2, recurrent_dropout=0.3, return_sequences=True),
            L.GRU(4, dropout=0.1, recurrent_dropout=0.25), L.Dropout(0.4), L.Dense(2)]),
        input_shape=(5, 3))
    add("corpus_rnn_activations",
        "LSTM(4, activation relu, recurrent_activation hard_sigmoid, return_sequences) -> GRU(4, activation softsign,"
        " recurrent_activation hard_sigmoid, reset_after=False, return_sequences) -> SimpleRNN(3, elu) -> Dense(2),"
        " input [5,2]. hard_sigmoid is 0.2x+0.5 in tf-keras 2 and x/6+0.5 in Keras 3",
        lambda: seq("corpus_rnn_activations", (5, 2), [
            L.LSTM(4, activation="relu", recurrent_activation="hard_sigmoid", return_sequences=True),
            L.GRU(4, activation="softsign", recurrent_activation="hard_sigmoid", reset_after=False,
                  return_sequences=True),
            L.SimpleRNN(3, activation="elu"), L.Dense(2)]),
        input_shape=(5, 2))
    add("corpus_gru_tanh_recurrent_sigmoid_nobias",
        "GRU(4, use_bias false, return_sequences) -> LSTM(3, use_bias false) -> Dense(2, use_bias false), input [4,3]",
        lambda: seq("corpus_gru_tanh_recurrent_sigmoid_nobias", (4, 3), [
            L.GRU(4, use_bias=False, return_sequences=True), L.LSTM(3, use_bias=False),
            L.Dense(2, use_bias=False)]),
        input_shape=(4, 3))
    add("corpus_constraints_regularizers",
        "LSTM(4, kernel_constraint max_norm(2), recurrent_constraint unit_norm, bias_constraint non_neg, "
        "kernel_regularizer l2, recurrent_regularizer l1, bias_regularizer l1_l2) -> "
        "Dense(3, kernel_constraint min_max_norm, kernel_regularizer l1_l2) -> Dense(1), input [4,2]",
        lambda: seq("corpus_constraints_regularizers", (4, 2), [
            L.LSTM(4, kernel_constraint=con.MaxNorm(2.0), recurrent_constraint=con.UnitNorm(),
                   bias_constraint=con.NonNeg(), kernel_regularizer=reg.L2(0.01), recurrent_regularizer=reg.L1(0.02),
                   bias_regularizer=reg.L1L2(0.01, 0.02)),
            L.Dense(3, kernel_constraint=con.MinMaxNorm(0.1, 1.5), kernel_regularizer=reg.L1L2(0.001, 0.002)),
            L.Dense(1)]),
        input_shape=(4, 2))

    add("corpus_activity_regularizer",
        "Dense(4, activity_regularizer l2) -> Dense(1), input [3] (an activity regularizer adds a training loss term)",
        lambda: seq("corpus_activity_regularizer", (3,), [
            L.Dense(4, activity_regularizer=reg.L2(0.003)), L.Dense(1)]),
        input_shape=(3,))

    # ---------------- activations ----------------
    acts = ["relu", "tanh", "sigmoid", "hard_sigmoid", "softplus", "softsign", "selu", "elu", "swish", "gelu",
            "relu6", "linear", "softmax"]
    add("corpus_dense_every_activation",
        "Dense(6, a) for a in " + ", ".join(acts) + ", input [5]",
        lambda: seq("corpus_dense_every_activation", (5,), [L.Dense(6, activation=a) for a in acts]),
        input_shape=(5,))
    add("corpus_dense_exponential",
        "Dense(4, exponential) -> Dense(2), input [3]",
        lambda: seq("corpus_dense_exponential", (3,), [L.Dense(4, activation="exponential"), L.Dense(2)]),
        input_shape=(3,))
    add("corpus_activation_layers",
        "Dense(6) -> Activation(swish) -> Activation(hard_sigmoid) -> Dense(4) -> Activation(softmax), input [4]",
        lambda: seq("corpus_activation_layers", (4,), [
            L.Dense(6), L.Activation("swish"), L.Activation("hard_sigmoid"), L.Dense(4), L.Activation("softmax")]),
        input_shape=(4,))

    # ---------------- masking ----------------
    add("corpus_mask_zero_bigru_seq",
        "Embedding(12, 4, mask_zero) -> Bidirectional(GRU(3, return_sequences), concat) -> LSTM(3) -> Dense(2), "
        "ids [6] with trailing 0 padding",
        lambda: seq("corpus_mask_zero_bigru_seq", (6,), [
            L.Embedding(12, 4, mask_zero=True), L.Bidirectional(L.GRU(3, return_sequences=True)), L.LSTM(3),
            L.Dense(2)]),
        input_shape=(6,), input_kind="ids")
    add("corpus_mask_zero_lstm_seq_td",
        "Embedding(12, 3, mask_zero) -> LSTM(4, return_sequences) -> TimeDistributed(Dense(2)): per-step outputs at "
        "masked steps, ids [6]",
        lambda: seq("corpus_mask_zero_lstm_seq_td", (6,), [
            L.Embedding(12, 3, mask_zero=True), L.LSTM(4, return_sequences=True), L.TimeDistributed(L.Dense(2))]),
        input_shape=(6,), input_kind="ids")
    add("corpus_mask_zero_global_average",
        "Embedding(12, 4, mask_zero) -> SimpleRNN(4, return_sequences) -> GlobalAveragePooling1D (masked mean in Keras)"
        " -> Dense(2), ids [6]",
        lambda: seq("corpus_mask_zero_global_average", (6,), [
            L.Embedding(12, 4, mask_zero=True), L.SimpleRNN(4, return_sequences=True), L.GlobalAveragePooling1D(),
            L.Dense(2)]),
        input_shape=(6,), input_kind="ids", no_all_masked_case=True)
    add("corpus_masking_bilstm_seq",
        "Masking(0) -> Bidirectional(LSTM(3, return_sequences), concat) -> Bidirectional(LSTM(2), sum) -> Dense(1), "
        "input [5,3] with all-zero trailing steps",
        lambda: seq("corpus_masking_bilstm_seq", (5, 3), [
            L.Masking(0.0), L.Bidirectional(L.LSTM(3, return_sequences=True)),
            L.Bidirectional(L.LSTM(2), merge_mode="sum"), L.Dense(1)]),
        input_shape=(5, 3), input_kind="padded")
    add("corpus_masking_gru_backwards",
        "Masking(0) -> GRU(4, go_backwards, reset_after) -> Dense(2), input [5,2] with all-zero trailing steps",
        lambda: seq("corpus_masking_gru_backwards", (5, 2), [
            L.Masking(0.0), L.GRU(4, go_backwards=True), L.Dense(2)]),
        input_shape=(5, 2), input_kind="padded")

    # ---------------- convolution, pooling, normalisation ----------------
    add("corpus_conv1d_stack_global_average",
        "Conv1D(5, 3, valid, tanh) -> Conv1D(4, 2, valid, strides 2, use_bias false) -> GlobalAveragePooling1D -> "
        "Dense(2), input [10,3]",
        lambda: seq("corpus_conv1d_stack_global_average", (10, 3), [
            L.Conv1D(5, 3, activation="tanh"), L.Conv1D(4, 2, strides=2, use_bias=False),
            L.GlobalAveragePooling1D(), L.Dense(2)]),
        input_shape=(10, 3))
    add("corpus_conv1d_lstm",
        "Conv1D(6, 3, same, relu) -> LSTM(4) -> Dense(1), input [8,2]",
        lambda: seq("corpus_conv1d_lstm", (8, 2), [
            L.Conv1D(6, 3, padding="same", activation="relu"), L.LSTM(4), L.Dense(1)]),
        input_shape=(8, 2))
    add("corpus_conv1d_max_pooling",
        "Conv1D(4, 3, relu) -> MaxPooling1D(2) -> Flatten -> Dense(2), input [9,2]",
        lambda: seq("corpus_conv1d_max_pooling", (9, 2), [
            L.Conv1D(4, 3, activation="relu"), L.MaxPooling1D(2), L.Flatten(), L.Dense(2)]),
        input_shape=(9, 2))
    add("corpus_lstm_layer_batch_norm",
        "LSTM(6, return_sequences) -> LayerNormalization -> BatchNormalization -> GlobalMaxPooling1D -> Dense(2), "
        "input [5,3] (inference: moving statistics)",
        lambda: seq("corpus_lstm_layer_batch_norm", (5, 3), [
            L.LSTM(6, return_sequences=True), L.LayerNormalization(), L.BatchNormalization(),
            L.GlobalMaxPooling1D(), L.Dense(2)]),
        input_shape=(5, 3))

    # ---------------- TimeDistributed, RepeatVector, 3-D Dense ----------------
    add("corpus_seq2seq_repeat_vector",
        "LSTM(5) -> RepeatVector(3) -> LSTM(4, return_sequences) -> TimeDistributed(Dense(3, softmax)), input [4,2]",
        lambda: seq("corpus_seq2seq_repeat_vector", (4, 2), [
            L.LSTM(5), L.RepeatVector(3), L.LSTM(4, return_sequences=True),
            L.TimeDistributed(L.Dense(3, activation="softmax"))]),
        input_shape=(4, 2))
    add("corpus_dense_on_sequence",
        "Dense(4, relu) on [5,3] (last axis) -> GRU(3) -> Dense(2), input [5,3]",
        lambda: seq("corpus_dense_on_sequence", (5, 3), [
            L.Dense(4, activation="relu"), L.GRU(3), L.Dense(2)]),
        input_shape=(5, 3))
    add("corpus_fixed_batch",
        "Input(batch_size 3) -> LSTM(4) -> Dense(2): a fixed batch dimension, input [3,4,2]",
        lambda: seq("corpus_fixed_batch", (4, 2), [L.LSTM(4), L.Dense(2)], batch_size=3),
        input_shape=(4, 2), batches=3)

    # ---------------- functional graphs ----------------
    def merges():
        a = k.Input(shape=(4, 3), name="a")
        b = k.Input(shape=(4, 3), name="b")
        ha = L.LSTM(4, name="lstm_a")(a)
        hb = L.GRU(4, name="gru_b")(b)
        merged = [L.Multiply()([ha, hb]), L.Add()([ha, hb]), L.Average()([ha, hb])]
        cat = L.Concatenate()(merged)
        return k.Model([a, b], [L.Dense(2, name="out_main")(cat), L.Dense(1, activation="sigmoid", name="out_aux")(ha)],
                       name="corpus_functional_merges")
    add("corpus_functional_merges",
        "functional: inputs a, b [4,3]; LSTM(4)(a), GRU(4)(b); Multiply, Add, Average -> "
        "Concatenate -> Dense(2); second output Dense(1, sigmoid) of the LSTM",
        merges, inputs=[("a", (4, 3)), ("b", (4, 3))])

    def siamese():
        a = k.Input(shape=(5, 2), name="left")
        b = k.Input(shape=(5, 2), name="right")
        shared = L.LSTM(4, name="shared_lstm")
        ha, hb = shared(a), shared(b)
        d = L.Concatenate()([ha, hb, L.Multiply()([ha, hb])])
        return k.Model([a, b], L.Dense(1, name="score")(d), name="corpus_shared_lstm")
    add("corpus_shared_lstm",
        "functional siamese: one LSTM(4) shared by inputs left and right [5,2] -> Concatenate[l, r, l*r] -> Dense(1)",
        siamese, inputs=[("left", (5, 2)), ("right", (5, 2))])

    def subtract_max_min():
        a = k.Input(shape=(3,), name="a")
        b = k.Input(shape=(3,), name="b")
        ha, hb = L.Dense(4)(a), L.Dense(4)(b)
        cat = L.Concatenate()([L.Subtract()([ha, hb]), L.Maximum()([ha, hb]), L.Minimum()([ha, hb])])
        return k.Model([a, b], L.Dense(2)(cat), name="corpus_merge_subtract_max_min")
    add("corpus_merge_subtract_max_min",
        "functional: Dense(4) of inputs a, b [3]; Subtract, Maximum, Minimum -> Concatenate -> Dense(2)",
        subtract_max_min, inputs=[("a", (3,)), ("b", (3,))])

    def nested():
        inner = k.Sequential([k.Input(shape=(4, 3)), L.GRU(3, return_sequences=True), L.GRU(2)], name="encoder")
        x = k.Input(shape=(4, 3), name="x")
        h = inner(x)
        y = L.Dense(2, name="head")(L.Concatenate()([h, L.Dense(2, activation="tanh")(h)]))
        return k.Model(x, y, name="corpus_nested_model")
    add("corpus_nested_model",
        "functional model calling a nested Sequential encoder (GRU(3, return_sequences) -> GRU(2)) -> Dense(2, tanh)"
        " -> Concatenate -> Dense(2), input [4,3]",
        nested, input_shape=(4, 3))

    def attention_text():
        x = k.Input(shape=(5, 4), name="x")
        q = L.Dense(4, name="q")(x)
        v = L.Dense(4, name="v")(x)
        dot = L.Attention(use_scale=True, name="dot_attention")([q, v])
        causal = L.Attention(score_mode="concat", name="concat_attention")([q, v], use_causal_mask=True)
        additive = L.AdditiveAttention(name="additive_attention")([q, v, x])
        pooled = L.GlobalAveragePooling1D()(L.Concatenate()([dot, causal, additive]))
        return k.Model(x, L.Dense(2, name="y")(pooled), name="corpus_attention_text")
    add("corpus_attention_text",
        "functional: Dense(4) query and value of x [5,4]; Attention(use_scale), Attention(concat, causal mask), "
        "AdditiveAttention(query, value, key=x) -> Concatenate -> GlobalAveragePooling1D -> Dense(2)",
        attention_text, input_shape=(5, 4))
    add("corpus_conv2d_small",
        "Conv2D(4, 3, relu) -> Conv2D(3, 2, strides 2, same, tanh) -> Flatten -> Dense(2), input [8,7,2]",
        lambda: seq("corpus_conv2d_small", (8, 7, 2), [
            L.Conv2D(4, 3, activation="relu"), L.Conv2D(3, 2, strides=2, padding="same", activation="tanh"),
            L.Flatten(), L.Dense(2)]),
        input_shape=(8, 7, 2))

    def nested_in_sequential():
        block = k.Sequential([L.Dense(4, activation="relu"), L.LSTM(3)], name="block")
        frozen = k.Sequential([L.Dense(3, activation="tanh")], name="frozen_head")
        frozen.trainable = False
        return k.Sequential([k.Input(shape=(4, 2)), block, frozen, L.Dense(2)], name="corpus_nested_in_sequential")
    add("corpus_nested_in_sequential",
        "Sequential of a nested Sequential block (Dense(4, relu) -> LSTM(3)), a frozen nested Sequential "
        "(Dense(3, tanh)) and Dense(2), input [4,2]",
        nested_in_sequential, input_shape=(4, 2))

    def return_state():
        x = k.Input(shape=(5, 3), name="x")
        seq_out, h, c = L.LSTM(4, return_sequences=True, return_state=True, name="enc")(x)
        g_out, g_h = L.GRU(3, return_state=True, name="gru")(seq_out)
        y = L.Dense(2, name="y")(L.Concatenate()([h, c, g_h]))
        return k.Model(x, [y, g_out], name="corpus_return_state")
    add("corpus_return_state",
        "functional: LSTM(4, return_sequences, return_state) -> GRU(3, return_state); Dense(2) of "
        "Concatenate[h, c, gru h]; outputs Dense and the GRU output, input [5,3]",
        return_state, input_shape=(5, 3))

    def encoder_decoder():
        enc_in = k.Input(shape=(5, 2), name="enc_in")
        dec_in = k.Input(shape=(3, 2), name="dec_in")
        _, h, c = L.LSTM(4, return_state=True, name="encoder")(enc_in)
        dec = L.LSTM(4, return_sequences=True, name="decoder")(dec_in, initial_state=[h, c])
        return k.Model([enc_in, dec_in], L.TimeDistributed(L.Dense(2), name="td")(dec),
                       name="corpus_encoder_decoder")
    add("corpus_encoder_decoder",
        "functional encoder-decoder: LSTM(4, return_state) over enc_in [5,2]; decoder LSTM(4, return_sequences) over "
        "dec_in [3,2] with initial_state [h, c]; TimeDistributed(Dense(2))",
        encoder_decoder, inputs=[("enc_in", (5, 2)), ("dec_in", (3, 2))])
    def float16(dtype):
        return lambda: seq("corpus_float16_weights", (4, 3), [
            L.LSTM(4, return_sequences=True, dtype=dtype), L.GRU(3, dtype=dtype), L.Dense(2, dtype=dtype)])
    add("corpus_float16_weights",
        "LSTM(4, return_sequences) -> GRU(3) -> Dense(2) with dtype float16: the files hold float16 weights; the "
        "reference is the same architecture in float32 given those float16 values (Keras's float16 arithmetic is "
        "not what a float32 reader computes), input [4,3]",
        float16("float16"), input_shape=(4, 3), reference=float16("float32"), dialects=("keras3",))
    return [s for s in out if dialect in s.get("dialects", ("tfkeras2", "keras3"))]
