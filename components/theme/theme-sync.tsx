"use client";

import { useLayoutEffect } from "react";
import { applyTheme } from "./theme";

/**
 * Keeps <html> on the right theme after the inline script: when React renders the document
 * itself (Next's error and not-found shells do) and when the system setting changes.
 */
export function ThemeSync() {
  useLayoutEffect(() => {
    applyTheme();
    const query = window.matchMedia("(prefers-color-scheme: dark)");
    query.addEventListener("change", applyTheme);
    return () => query.removeEventListener("change", applyTheme);
  }, []);
  return null;
}
