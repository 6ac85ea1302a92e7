"use client";

import { useCallback, useEffect, useSyncExternalStore } from "react";

const KEY = "storystream:bedtime-mode";
const listeners = new Set<() => void>();

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
const read = () => window.localStorage.getItem(KEY) === "on";

/** "Bedtime mode": a remembered choice to dim the page while a story is read aloud. */
export function useBedtimeMode(reading: boolean) {
  const enabled = useSyncExternalStore(subscribe, read, () => false);

  const setEnabled = useCallback((on: boolean) => {
    window.localStorage.setItem(KEY, on ? "on" : "off");
    listeners.forEach((listener) => listener());
  }, []);

  useEffect(() => {
    const dim = enabled && reading;
    document.documentElement.classList.toggle("bedtime-dim", dim);
    return () => document.documentElement.classList.remove("bedtime-dim");
  }, [enabled, reading]);

  return { enabled, setEnabled };
}
