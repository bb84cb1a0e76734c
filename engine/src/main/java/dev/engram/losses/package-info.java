/**
 * Loss functions with TF.js reductions and clipping. {@link dev.engram.losses.Losses} is the entry
 * point; each loss returns its mean value and the gradient with respect to the predictions.
 */
package dev.engram.losses;
