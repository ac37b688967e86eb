/**
 * The server's entry points: {@code App} reads the command line and starts the server, the
 * simulator or a tool; {@code Server} builds and wires the features and closes them in reverse.
 */
package org.yizhan;
