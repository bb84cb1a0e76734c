package dev.engram.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.initializers.DeferredInitialization;
import dev.engram.initializers.Initializer;
import dev.engram.initializers.Initializers;
import dev.engram.io.LoadLimits;
import dev.engram.layers.Direction;
import dev.engram.layers.Layers;
import dev.engram.layers.Parameter;
import dev.engram.layers.WeightRole;
import dev.engram.tensor.Shape;
import dev.engram.tensor.Tensor;
import dev.engram.testing.Numeric;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * Models built for imported weights never run an initializer whose weight is assigned, give the
 * same numbers as eagerly initialised models with the same weights, and still initialise (once,
 * reproducibly) a weight that is read before being assigned. Parameters carry their role and
 * Bidirectional half as data.
 */
class DeferredInitializationTest {

    /** An orthogonal initializer that counts its runs. */
    private static final class Counting implements Initializer {
        final AtomicInteger runs = new AtomicInteger();

        @Override
        public Tensor initialize(Shape shape, RandomGenerator random) {
            runs.incrementAndGet();
            return Initializers.orthogonal().initialize(shape, random);
        }
    }

    private static Tensor x() {
        return Tensor.of(Shape.of(3, 5, 2), Numeric.randomFloats(30, 7, 1.0));
    }

    @Test
    void assignedWeightsNeverRunTheirInitializersAndPredictAsAnEagerModel() {
        Counting recurrent = new Counting();
        Sequential eager = Sequential.seeded(3, Layers.lstm(4).withRecurrentInitializer(recurrent).inputShape(5, 2),
                Layers.dense(2));
        assertEquals(1, recurrent.runs.get());

        Sequential imported = Sequential.withDeferredInitialization("imported", 0);
        imported.add(Layers.lstm(4).withRecurrentInitializer(recurrent).inputShape(5, 2)).add(Layers.dense(2));
        assertTrue(imported.parameters().stream().allMatch(Parameter::initializationPending));
        imported.setWeights(eager.getWeights());
        assertEquals(1, recurrent.runs.get(), "the imported model's initializer never ran");
        assertFalse(imported.parameters().stream().anyMatch(Parameter::initializationPending));
        assertArrayEquals(eager.predict(x()).buffer(), imported.predict(x()).buffer());
    }

    @Test
    void aWeightReadBeforeAssignmentIsInitialisedOnceAndReproducibly() {
        ModelBuilder a = ModelBuilder.withDeferredInitialization("m", 11);
        SymbolicTensor in = a.input("x", 5, 2);
        Model first = a.build(in, a.apply(Layers.dense(3), a.apply(Layers.lstm(4), in)));
        ModelBuilder b = ModelBuilder.withDeferredInitialization("m", 11);
        SymbolicTensor in2 = b.input("x", 5, 2);
        Model second = b.build(in2, b.apply(Layers.dense(3), b.apply(Layers.lstm(4), in2)));

        // Read in different orders: each weight's late initialisation has its own seed.
        Tensor secondDense = second.parameters().get(3).value();
        List<Tensor> w1 = first.getWeights();
        List<Tensor> w2 = second.getWeights();
        assertEquals(secondDense, w2.get(3));
        for (int i = 0; i < w1.size(); i++) {
            assertEquals(w1.get(i), w2.get(i), "weight " + i);
        }
        float[] kernel = w1.get(0).buffer();
        assertNotEquals(0f, kernel[0] * kernel[0] + kernel[1] * kernel[1], "the glorot kernel was initialised");
        assertArrayEquals(first.predict(x()).buffer(), second.predict(x()).buffer());
    }

    @Test
    void parametersCarryTheirRoleAndBidirectionalHalf() {
        Sequential m = Sequential.seeded(1, Layers.bidirectional(Layers.lstm(3)).inputShape(4, 2),
                Layers.batchNormalization(), Layers.dense(1));
        List<Parameter> ps = m.parameters();
        List<WeightRole> roles = ps.stream().map(Parameter::role).toList();
        assertEquals(List.of(WeightRole.KERNEL, WeightRole.RECURRENT_KERNEL, WeightRole.BIAS,
                WeightRole.KERNEL, WeightRole.RECURRENT_KERNEL, WeightRole.BIAS,
                WeightRole.GAMMA, WeightRole.BETA, WeightRole.MOVING_MEAN, WeightRole.MOVING_VARIANCE,
                WeightRole.KERNEL, WeightRole.BIAS), roles);
        assertEquals(List.of(Direction.FORWARD, Direction.FORWARD, Direction.FORWARD,
                Direction.BACKWARD, Direction.BACKWARD, Direction.BACKWARD), ps.subList(0, 6).stream()
                .map(Parameter::direction).toList());
        assertTrue(ps.subList(6, ps.size()).stream().allMatch(p -> p.direction() == Direction.NONE));
        for (Parameter p : ps) {
            assertEquals(p.role().parameterName(), p.name(), p.path());
        }
        assertTrue(WeightRole.MOVING_MEAN.isStatistic() && !WeightRole.GAMMA.isStatistic());
        assertEquals(WeightRole.OTHER, WeightRole.of("customLayerWeight"));
    }

    /** A load source bounds activations too: a config asking for a huge output fails at build, naming the layer. */
    @Test
    void aLoadSourceRefusesOutputsAboveTheElementLimit() {
        var source = new DeferredInitialization(1,
                LoadLimits.defaults().withTensorElements(1000), -1);
        assertEquals(Shape.of(10, 4), Layers.repeatVector(10).create("small").build(Shape.of(4), source));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Layers.repeatVector(1 << 20).create("huge").build(Shape.of(4), source));
        assertTrue(e.getMessage().contains("'huge'") && e.getMessage().contains("--max-tensor-elements"),
                e.getMessage());
    }
}
