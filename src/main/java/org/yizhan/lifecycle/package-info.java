/** Starting and stopping: the one stack that takes running parts down in reverse order. */
package org.yizhan.lifecycle;
