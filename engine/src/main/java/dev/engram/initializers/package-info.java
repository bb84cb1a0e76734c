/** Weight initializers (constant, random, variance scaling, orthogonal) with seedable randomness. */
package dev.engram.initializers;
