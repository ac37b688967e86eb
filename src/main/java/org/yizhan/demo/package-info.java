/**
 * The synthetic demo network: stations placed on Shanxi's cities and roads for {@code --demo},
 * documented as synthetic.
 */
package org.yizhan.demo;
