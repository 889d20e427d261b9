/**
 * One release per application at a time: a lock held by a child workflow of the release that holds it, which
 * no ended release keeps.
 */
package dev.shepherd.release.lock;
