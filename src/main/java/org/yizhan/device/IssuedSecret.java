package org.yizhan.device;

/** A device with the secret just issued to it: shown once, never stored in clear. */
public record IssuedSecret(DeviceView device, String secret) {}
