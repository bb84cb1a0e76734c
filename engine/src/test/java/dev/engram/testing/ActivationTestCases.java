package dev.engram.testing;

import dev.engram.activations.Activation;
import dev.engram.activations.Activations;

import java.util.List;
import java.util.stream.Stream;

/**
 * The element-wise activations every activation test runs over, with the points where each is not
 * differentiable (gradient checks keep away from them). Lives outside the activations test package
 * so that the {@code dev.engram.activations.**} test pattern only matches test classes.
 *
 * @param activation the function under test
 * @param kinks      points where its derivative jumps
 */
public record ActivationTestCases(Activation activation, double[] kinks) {

    /** One case per element-wise activation and dialect. */
    public static List<ActivationTestCases> elementwise() {
        return List.of(
                new ActivationTestCases(Activations.linear(), new double[0]),
                new ActivationTestCases(Activations.relu(), new double[] {0}),
                new ActivationTestCases(Activations.relu6(), new double[] {0, 6}),
                new ActivationTestCases(Activations.elu(), new double[] {0}),
                new ActivationTestCases(Activations.elu(0.5), new double[] {0}),
                new ActivationTestCases(Activations.selu(), new double[] {0}),
                new ActivationTestCases(Activations.tanh(), new double[0]),
                new ActivationTestCases(Activations.sigmoid(), new double[0]),
                new ActivationTestCases(Activations.hardSigmoid(), new double[] {-2.5, 2.5}),
                new ActivationTestCases(Activations.hardSigmoid(1.0 / 6, 0.5), new double[] {-3, 3}),
                new ActivationTestCases(Activations.softplus(), new double[0]),
                new ActivationTestCases(Activations.softsign(), new double[] {0}),
                new ActivationTestCases(Activations.swish(), new double[0]),
                new ActivationTestCases(Activations.gelu(), new double[0]),
                new ActivationTestCases(Activations.gelu(true), new double[0]),
                new ActivationTestCases(Activations.exponential(), new double[0]),
                new ActivationTestCases(Activations.mish(), new double[0]),
                new ActivationTestCases(Activations.logSigmoid(), new double[0]),
                new ActivationTestCases(Activations.hardSilu(), new double[] {-3, 3}),
                new ActivationTestCases(Activations.leakyRelu(), new double[] {0}),
                new ActivationTestCases(Activations.celu(), new double[0]),
                new ActivationTestCases(Activations.hardTanh(), new double[] {-1, 1}),
                new ActivationTestCases(Activations.tanhShrink(), new double[0]),
                new ActivationTestCases(Activations.hardShrink(), new double[] {-0.5, 0.5}),
                new ActivationTestCases(Activations.softShrink(), new double[] {-0.5, 0.5}),
                new ActivationTestCases(Activations.squareplus(), new double[0]),
                new ActivationTestCases(Activations.sparsePlus(), new double[] {-1, 1}),
                new ActivationTestCases(Activations.sparseSigmoid(), new double[] {-1, 1}));
    }

    /** JUnit argument source: one activation per case. */
    public static Stream<Activation> elementwiseActivations() {
        return elementwise().stream().map(ActivationTestCases::activation);
    }

    /** True when {@code x} is within {@code margin} of a kink. */
    public boolean nearKink(double x, double margin) {
        for (double k : kinks) {
            if (Math.abs(x - k) < margin) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return activation.name();
    }

    /**
     * The activation a parameterised test names: linear, tanh, sigmoid, hardSigmoid (TF.js's), softmax,
     * relu or elu.
     */
    public static Activation named(String name) {
        return switch (name) {
            case "linear" -> Activations.linear();
            case "tanh" -> Activations.tanh();
            case "sigmoid" -> Activations.sigmoid();
            case "hardSigmoid" -> Activations.hardSigmoid();
            case "softmax" -> Activations.softmax();
            case "relu" -> Activations.relu();
            case "elu" -> Activations.elu();
            default -> throw new IllegalArgumentException("no activation named " + name + " in the tests' table");
        };
    }
}
