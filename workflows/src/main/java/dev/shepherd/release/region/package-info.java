/**
 * One region of a wave, deployed as a child workflow of its release ({@code release/<app>/<version>/<region>}):
 * capture, update, publish, canary, promote; it runs only under a release.
 */
package dev.shepherd.release.region;
