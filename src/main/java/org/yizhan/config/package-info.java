/**
 * The server's configuration: defaults, YAML, environment and command line in that order, with
 * limits, secret files and the network transport.
 */
package org.yizhan.config;
