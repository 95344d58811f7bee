/** Plain HTTP resources of the application (status report), as servlets that run in the WAR and the runner alike. */
package dev.socketchat.web;
