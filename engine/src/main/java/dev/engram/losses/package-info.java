/** Loss functions with TF.js reductions and clipping. */
package dev.engram.losses;
