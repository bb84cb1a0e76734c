package dev.engram.layers;

import dev.engram.constraints.Constraint;
import dev.engram.regularizers.Regularizer;

/**
 * Regularizers and constraints for the three weights of a recurrent layer (kernel, recurrent kernel,
 * bias), kept together so the recurrent configurations carry one field for them. Each entry may be
 * null for none. Regularizer penalties join the training loss; constraints project the weight after
 * every optimizer step (see {@link Parameter#attach}).
 *
 * @param kernelRegularizer    penalty on the input kernel
 * @param recurrentRegularizer penalty on the recurrent kernel
 * @param biasRegularizer      penalty on the bias
 * @param kernelConstraint     projection of the input kernel
 * @param recurrentConstraint  projection of the recurrent kernel
 * @param biasConstraint       projection of the bias
 */
public record WeightRules(Regularizer kernelRegularizer, Regularizer recurrentRegularizer, Regularizer biasRegularizer,
        Constraint kernelConstraint, Constraint recurrentConstraint, Constraint biasConstraint) {

    /** No regularizer and no constraint on any weight. */
    public static final WeightRules NONE = new WeightRules(null, null, null, null, null, null);

    /**
     * With a kernel regularizer.
     *
     * @param r the regularizer, or null for none
     * @return the changed rules
     */
    public WeightRules withKernelRegularizer(Regularizer r) {
        return new WeightRules(r, recurrentRegularizer, biasRegularizer, kernelConstraint, recurrentConstraint,
                biasConstraint);
    }

    /**
     * With a recurrent-kernel regularizer.
     *
     * @param r the regularizer, or null for none
     * @return the changed rules
     */
    public WeightRules withRecurrentRegularizer(Regularizer r) {
        return new WeightRules(kernelRegularizer, r, biasRegularizer, kernelConstraint, recurrentConstraint,
                biasConstraint);
    }

    /**
     * With a bias regularizer.
     *
     * @param r the regularizer, or null for none
     * @return the changed rules
     */
    public WeightRules withBiasRegularizer(Regularizer r) {
        return new WeightRules(kernelRegularizer, recurrentRegularizer, r, kernelConstraint, recurrentConstraint,
                biasConstraint);
    }

    /**
     * With a kernel constraint.
     *
     * @param c the constraint, or null for none
     * @return the changed rules
     */
    public WeightRules withKernelConstraint(Constraint c) {
        return new WeightRules(kernelRegularizer, recurrentRegularizer, biasRegularizer, c, recurrentConstraint,
                biasConstraint);
    }

    /**
     * With a recurrent-kernel constraint.
     *
     * @param c the constraint, or null for none
     * @return the changed rules
     */
    public WeightRules withRecurrentConstraint(Constraint c) {
        return new WeightRules(kernelRegularizer, recurrentRegularizer, biasRegularizer, kernelConstraint, c,
                biasConstraint);
    }

    /**
     * With a bias constraint.
     *
     * @param c the constraint, or null for none
     * @return the changed rules
     */
    public WeightRules withBiasConstraint(Constraint c) {
        return new WeightRules(kernelRegularizer, recurrentRegularizer, biasRegularizer, kernelConstraint,
                recurrentConstraint, c);
    }

    /**
     * True when nothing is set.
     *
     * @return true without any regularizer or constraint
     */
    public boolean isEmpty() {
        return equals(NONE);
    }
}
