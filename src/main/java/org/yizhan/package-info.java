/**
 * The program's entry points: {@code App} reads the command line and runs the server or one of the
 * tools ({@code org.yizhan.tools}); {@code Server} builds and wires the server's features and
 * closes them in reverse.
 */
package org.yizhan;
