/** The class-path consumer: runs the shared {@link example.Tutorial} with Engram from engram-bom. */
package example;
