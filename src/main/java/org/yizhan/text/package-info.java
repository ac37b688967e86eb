/**
 * Checks on text that arrives from outside (query strings, JSON fields, CSV cells) before it is
 * stored or read as a number: decimal numbers in plain ASCII only, and no characters PostgreSQL
 * refuses or that have no place in a stored field.
 */
package org.yizhan.text;
