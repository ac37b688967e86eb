/** Reading the stored history the predictions are built from. */
package org.yizhan.arrival.internal;
