/** Engram on Apache Spark: the airline-passengers forecast as a distributed job. */
package dev.engram.examples.spark;
