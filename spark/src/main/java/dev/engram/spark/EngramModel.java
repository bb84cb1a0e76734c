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

    private final String uid;
    private final Param<String> modelPath;
    private final StringArrayParam inputCols;
    private final StringArrayParam outputCols;
    private final IntParam batchSize;
    private final Param<String> errorCol;
    private final BooleanParam broadcastModel;

    /** A transformer with a random uid. */
    public EngramModel() {
        this("engramModel_" + UUID.randomUUID().toString().substring(24));
    }

    /** A transformer with the given uid (Spark's readers and {@link #copy} use this constructor). */
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

    /** The model file param. */
    public Param<String> modelPath() {
        return modelPath;
    }

    /** The input columns param. */
    public StringArrayParam inputCols() {
        return inputCols;
    }

    /** The output columns param. */
    public StringArrayParam outputCols() {
        return outputCols;
    }

    /** The batch size param. */
    public IntParam batchSize() {
        return batchSize;
    }

    /** The error column param. */
    public Param<String> errorCol() {
        return errorCol;
    }

    /** The broadcast param. */
    public BooleanParam broadcastModel() {
        return broadcastModel;
    }

    /** Sets the model file. */
    public EngramModel setModelPath(String path) {
        set(modelPath, path);
        return this;
    }

    /** Sets the input columns, one per model input. */
    public EngramModel setInputCols(String... cols) {
        set(inputCols, cols);
        return this;
    }

    /** Sets the output columns, one per model output. */
    public EngramModel setOutputCols(String... cols) {
        set(outputCols, cols);
        return this;
    }

    /** Sets the rows per model call. */
    public EngramModel setBatchSize(int n) {
        set(batchSize, n);
        return this;
    }

    /** Sets the per-row error column (empty: bad rows fail the job). */
    public EngramModel setErrorCol(String col) {
        set(errorCol, col);
        return this;
    }

    /** Broadcast the model bytes from the driver instead of reading the path on executors. */
    public EngramModel setBroadcastModel(boolean b) {
        set(broadcastModel, b);
        return this;
    }

    /** The scoring options these params describe. */
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

    /** A reader for {@link #load}-ing saved transformers (Spark's pipeline reader calls this). */
    public static MLReader<EngramModel> read() {
        return new Reader();
    }

    /** Loads a transformer saved with {@code write().save(path)}. */
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
