/** The devices' database table, behind {@code DeviceRegistry}. */
package org.yizhan.device.internal;
