/**
 * Train in Java, predict in the browser: {@link dev.engram.examples.browser.TrainForBrowser} saves
 * the airline-passenger forecaster as a TensorFlow.js model next to its test windows and Engram's
 * predictions; {@link dev.engram.examples.browser.DemoServer} serves the static page that loads it
 * with {@code tf.loadLayersModel} on the cpu, wasm or webgl backend.
 */
package dev.engram.examples.browser;
