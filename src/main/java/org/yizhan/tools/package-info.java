/**
 * Tools that run beside the server, started as subcommands of the same program: the station
 * simulator ({@code simulate}) and the provisioning command ({@code provision}). No server package
 * depends on them. The demo network stays in {@code org.yizhan.demo}: the server itself loads it at
 * start with {@code --demo}.
 */
package org.yizhan.tools;
