"use client";

import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from "react";

export type ReadAloudStatus = "idle" | "speaking" | "paused";

const subscribeNever = () => () => {};
const hasSpeech = () => typeof window !== "undefined" && "speechSynthesis" in window;

function voiceFor(lang: string): SpeechSynthesisVoice | undefined {
  const voices = window.speechSynthesis.getVoices();
  const base = lang.toLowerCase().split("-")[0] ?? "";
  return (
    voices.find((voice) => voice.lang.toLowerCase() === lang.toLowerCase()) ??
    voices.find((voice) => voice.lang.toLowerCase().split(/[-_]/)[0] === base)
  );
}

/**
 * Reads paragraphs aloud with the browser's speech synthesis, in the story's language. While a
 * story is still streaming, each paragraph is queued as soon as it is complete.
 */
export function useReadAloud({ paragraphs, finished, lang }: { paragraphs: string[]; finished: boolean; lang: string }) {
  const supported = useSyncExternalStore(subscribeNever, hasSpeech, () => false);
  const [status, setStatus] = useState<ReadAloudStatus>("idle");
  const queued = useRef(0);
  const pending = useRef(0);
  const session = useRef(0);

  const speak = useCallback(
    (text: string) => {
      const utterance = new SpeechSynthesisUtterance(text);
      utterance.lang = lang;
      const voice = voiceFor(lang);
      if (voice) utterance.voice = voice;
      const mySession = session.current;
      const done = () => {
        if (session.current !== mySession) return;
        pending.current -= 1;
      };
      utterance.onend = done;
      utterance.onerror = done;
      pending.current += 1;
      window.speechSynthesis.speak(utterance);
    },
    [lang],
  );

  // Queue every paragraph that became complete since the last render.
  useEffect(() => {
    if (status === "idle") return;
    while (queued.current < paragraphs.length) {
      const next = paragraphs[queued.current];
      queued.current += 1;
      if (next) speak(next);
    }
  }, [paragraphs, status, speak]);

  // Back to idle once everything was spoken and no more text is coming.
  useEffect(() => {
    if (status !== "speaking") return;
    const timer = setInterval(() => {
      if (finished && pending.current <= 0 && queued.current >= paragraphs.length && !window.speechSynthesis.speaking) {
        setStatus("idle");
      }
    }, 400);
    return () => clearInterval(timer);
  }, [status, finished, paragraphs.length]);

  const stop = useCallback(() => {
    session.current += 1;
    queued.current = 0;
    pending.current = 0;
    if (hasSpeech()) window.speechSynthesis.cancel();
    setStatus("idle");
  }, []);

  const start = useCallback(() => {
    stop();
    window.speechSynthesis.resume();
    setStatus("speaking");
  }, [stop]);

  const pause = useCallback(() => {
    window.speechSynthesis.pause();
    setStatus("paused");
  }, []);

  const resume = useCallback(() => {
    window.speechSynthesis.resume();
    setStatus("speaking");
  }, []);

  useEffect(() => () => {
    if (hasSpeech()) window.speechSynthesis.cancel();
  }, []);

  return { supported, status, start, pause, resume, stop };
}
