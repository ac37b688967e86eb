/**
 * The {@code provision} command: registers a device for a station from the command line and prints
 * its credentials once.
 */
package org.yizhan.tools.provision;
