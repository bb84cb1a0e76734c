package dev.engram.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsReader$;
import org.apache.spark.ml.util.DefaultParamsWriter$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * An Engram model as a Spark ML {@link Transformer}: adds one {@code array<float>} column per model
 * output to a Dataset, as {@link EngramSpark#predict} does, so it fits in an ML
 * {@link org.apache.spark.ml.Pipeline} after feature stages.
 *
 * <pre>{@code
 * EngramModel scorer = new EngramModel().setModelPath("hdfs:///models/forecast.h5")
 *         .setInputCols("window").setOutputCols("forecast").setBatchSize(512);
 * PipelineModel pipeline = new Pipeline().setStages(new PipelineStage[] {assembler, scorer}).fit(df);
 * pipeline.write().overwrite().save("hdfs:///pipelines/forecast");
 * }</pre>
 *
 * <p>Params: {@code modelPath} (any file Engram reads), {@code inputCols} (one array column per
 * model input), {@code outputCols} (one per output), {@code batchSize} (default 256),
 * {@code errorCol} (default empty: bad rows fail the job), {@code broadcastModel} (default false:
 * executors read the path; true: the driver reads it and broadcasts the bytes).
 *
 * <p>Saving ({@link #write()}) stores the params and a copy of the model file under the save path,
 * so a saved transformer (or pipeline) is self-contained; {@link #load} points the model path at
 * that copy.
 */
public final class EngramModel extends Transformer implements MLWritable {
    private static final long serialVersionUID = 1L;
    private static final String MODEL_DIR = "model";

    /** Spark's identifier of this pipeline stage. */
    private final String uid;
    /** The model file or TF.js directory to score with. */
    private final Param<String> modelPath;
    /** The input columns, one per model input. */
    private final StringArrayParam inputCols;
    /** The output columns, one per model output. */
    private final StringArrayParam outputCols;
    /** Rows per model call inside a partition. */
    private final IntParam batchSize;
    /** The per-row error column; empty to fail the job on a bad row. */
    private final Param<String> errorCol;
    /** Whether the driver broadcasts the model bytes instead of executors reading the path. */
    private final BooleanParam broadcastModel;

    /** A transformer with a random uid. */
    public EngramModel() {
        this("engramModel_" + UUID.randomUUID().toString().substring(24));
    }

    /**
     * A transformer with the given uid (Spark's readers and {@link #copy} use this constructor).
     *
     * @param uid Spark's identifier of this stage, kept across save and load
     */
    public EngramModel(String uid) {
        this.uid = uid;
        modelPath = new Param<>(this, "modelPath", "the model file (.h5, .keras, model.json, .onnx)");
        inputCols = new StringArrayParam(this, "inputCols", "one array column per model input");
        outputCols = new StringArrayParam(this, "outputCols", "one output column per model output");
        batchSize = new IntParam(this, "batchSize", "rows per model call inside a partition",
                ParamValidators.gt(0));
        errorCol = new Param<>(this, "errorCol", "column for per-row errors; empty: bad rows fail the job");
        broadcastModel = new BooleanParam(this, "broadcastModel",
                "read the model on the driver and broadcast it, instead of reading it on each executor");
        setDefault(batchSize, ScoringOptions.DEFAULT_BATCH_SIZE);
        setDefault(errorCol, "");
        setDefault(broadcastModel, false);
    }

    @Override
    public String uid() {
        return uid;
    }

    /**
     * The model file param.
     *
     * @return the param holding the model file or TF.js directory path
     */
    public Param<String> modelPath() {
        return modelPath;
    }

    /**
     * The input columns param.
     *
     * @return the param holding the input column names
     */
    public StringArrayParam inputCols() {
        return inputCols;
    }

    /**
     * The output columns param.
     *
     * @return the param holding the output column names
     */
    public StringArrayParam outputCols() {
        return outputCols;
    }

    /**
     * The batch size param.
     *
     * @return the param holding the rows per model call (default 256)
     */
    public IntParam batchSize() {
        return batchSize;
    }

    /**
     * The error column param.
     *
     * @return the param holding the error column name (empty: none)
     */
    public Param<String> errorCol() {
        return errorCol;
    }

    /**
     * The broadcast param.
     *
     * @return the param telling whether the model bytes are broadcast
     */
    public BooleanParam broadcastModel() {
        return broadcastModel;
    }

    /**
     * Sets the model file.
     *
     * @param path a model file or TF.js directory; with broadcasting off every executor must be able to read it
     * @return this transformer
     */
    public EngramModel setModelPath(String path) {
        set(modelPath, path);
        return this;
    }

    /**
     * Sets the input columns, one per model input.
     *
     * @param cols array columns, one per model input in the model's order
     * @return this transformer
     */
    public EngramModel setInputCols(String... cols) {
        set(inputCols, cols);
        return this;
    }

    /**
     * Sets the output columns, one per model output.
     *
     * @param cols new {@code array<float>} columns, one per model output in the model's order
     * @return this transformer
     */
    public EngramModel setOutputCols(String... cols) {
        set(outputCols, cols);
        return this;
    }

    /**
     * Sets the rows per model call.
     *
     * @param n rows per model call, &gt; 0
     * @return this transformer
     */
    public EngramModel setBatchSize(int n) {
        set(batchSize, n);
        return this;
    }

    /**
     * Sets the per-row error column (empty: bad rows fail the job).
     *
     * @param col the name of a new string column, or empty
     * @return this transformer
     */
    public EngramModel setErrorCol(String col) {
        set(errorCol, col);
        return this;
    }

    /**
     * Broadcast the model bytes from the driver instead of reading the path on executors.
     *
     * @param b true to read the file on the driver and broadcast it
     * @return this transformer
     */
    public EngramModel setBroadcastModel(boolean b) {
        set(broadcastModel, b);
        return this;
    }

    /**
     * The scoring options these params describe.
     *
     * @return the options, one array column per model input
     */
    public ScoringOptions scoringOptions() {
        String err = getOrDefault(errorCol);
        return new ScoringOptions(Arrays.stream(getOrDefault(inputCols)).map(List::of).toList(),
                List.of(getOrDefault(outputCols)), (Integer) getOrDefault(batchSize), err.isEmpty() ? null : err);
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        @SuppressWarnings("unchecked")
        Dataset<Row> rows = (Dataset<Row>) dataset.toDF();
        String path = getOrDefault(modelPath);
        ModelSource source = (Boolean) getOrDefault(broadcastModel)
                ? ModelSource.broadcast(dataset.sparkSession(), readAll(dataset.sparkSession(), path), fileName(path))
                : ModelSource.path(path);
        return EngramSpark.predict(rows, source, scoringOptions());
    }

    @Override
    public StructType transformSchema(StructType schema) {
        return PartitionScorer.outputSchema(schema, scoringOptions());
    }

    @Override
    public EngramModel copy(ParamMap extra) {
        return (EngramModel) defaultCopy(extra);
    }

    @Override
    public MLWriter write() {
        return new Writer(this);
    }

    /**
     * A reader for {@link #load}-ing saved transformers (Spark's pipeline reader calls this).
     *
     * @return the reader
     */
    public static MLReader<EngramModel> read() {
        return new Reader();
    }

    /**
     * Loads a transformer saved with {@code write().save(path)}.
     *
     * @param path the directory the transformer was saved to
     * @return the transformer, its model path pointing at the model copy saved inside {@code path}
     */
    public static EngramModel load(String path) {
        return read().load(path);
    }

    private static String fileName(String path) {
        String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return p.substring(p.lastIndexOf('/') + 1);
    }

    private static byte[] readAll(SparkSession spark, String path) {
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(path);
        try (InputStream in = p.getFileSystem(spark.sparkContext().hadoopConfiguration()).open(p)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model " + path + " for broadcast", e);
        }
    }

    /** Saves the params (Spark's metadata layout) and a copy of the model file. */
    private static final class Writer extends MLWriter {
        private final EngramModel instance;

        Writer(EngramModel instance) {
            this.instance = instance;
        }

        @Override
        public void saveImpl(String path) {
            DefaultParamsWriter$.MODULE$.saveMetadata(instance, path, sparkSession());
            String model = instance.getOrDefault(instance.modelPath);
            org.apache.hadoop.fs.Path from = new org.apache.hadoop.fs.Path(model);
            org.apache.hadoop.fs.Path to = new org.apache.hadoop.fs.Path(new org.apache.hadoop.fs.Path(path, MODEL_DIR),
                    fileName(model));
            try {
                FileSystem src = from.getFileSystem(sc().hadoopConfiguration());
                FileSystem dst = to.getFileSystem(sc().hadoopConfiguration());
                if (!FileUtil.copy(src, from, dst, to, false, true, sc().hadoopConfiguration())) {
                    throw new IOException("copy returned false");
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot copy model " + model + " to " + to, e);
            }
        }
    }

    /** Restores the params and points the model path at the saved copy. */
    private static final class Reader extends MLReader<EngramModel> {
        @Override
        public EngramModel load(String path) {
            DefaultParamsReader.Metadata metadata = DefaultParamsReader$.MODULE$.loadMetadata(path, sparkSession(),
                    EngramModel.class.getName());
            EngramModel m = new EngramModel(metadata.uid());
            metadata.getAndSetParams(m, scala.Option.empty());
            String saved = m.getOrDefault(m.modelPath);
            m.setModelPath(new org.apache.hadoop.fs.Path(new org.apache.hadoop.fs.Path(path, MODEL_DIR), fileName(saved))
                    .toString());
            return m;
        }
    }
}
