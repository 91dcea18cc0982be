// Material's search worker, with a duration typed in words searched as one word (issue 19).
//
// Material's search appends * to every word of a query, so "1 hour" was searched as 1* or hour*,
// and 1* (every number that starts with 1) outweighed the paragraph that sets the deadline. The
// English index has a hidden field, `durations`, with each duration of a section as one word
// (build_scripts/mkdocs_hooks_en.py: "within 1 hour" → 1hour, "half an hour" → 30minute). Here a
// query's durations become that word (boosted) and their unit, weighing nothing, so that a result
// still marks it: "1 hour" → "1hour^10 hour*^0". The numbers alone are not searched (the page's
// highlight would light every 1 of 120 and 12387); the word made here is taken out of each
// result's terms again (it would otherwise be listed as missing, or asked of the page as a
// highlight). Only an index that declares the field is searched this way.
//
// Loaded by overrides/main.html in place of Material's worker, which it imports unchanged.
"use strict";

// In a function: names declared at the top of a classic script would be the imported worker's too.
(() => {
const FIELD = "durations";
const SETUP = 0;
const QUERY = 2;
const RESULT = 3;
const NUMBERS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"];
const UNITS = { h: "hour", hr: "hour", hrs: "hour", hour: "hour", hours: "hour", min: "minute", mins: "minute", minute: "minute", minutes: "minute", day: "day", days: "day" };
const DURATION = new RegExp(
  `(?<![\\w.])(?:(\\d{1,3}|${NUMBERS.join("|")})[\\s-]*(hours?|hrs?|h|minutes?|mins?|days?)|half an? hour)(?![\\w])`,
  "gi",
);

let declared = false;
const made = new Set();

/** The query with each duration as the index's one word for it, boosted, and its unit. */
function rewrite(query) {
  made.clear();
  return query.replace(DURATION, (whole, number, unit) => {
    const named = number === undefined ? "hour" : UNITS[unit.toLowerCase()]; // half an hour: 30minute
    const count = number === undefined ? 30 : /\d/.test(number) ? Number(number) : NUMBERS.indexOf(number.toLowerCase());
    const word = number === undefined ? "30minute" : `${count}${named}`;
    made.add(word);
    return ` ${word}^10 ${named}*^0 `;
  }).trim();
}

const listeners = [];
const addEventListener = self.addEventListener;
self.addEventListener = (type, listener, options) =>
  type === "message" ? listeners.push(listener) : addEventListener.call(self, type, listener, options);
// Material's worker: its name as the build writes it here (build_scripts/mkdocs_hooks.py), or as
// this file's URL fragment names it (which a worker served from the offline cache does not keep).
const material = "__MATERIAL_SEARCH_WORKER__";
importScripts(/^search\.[\w.]+\.js$/.test(material) ? material : decodeURIComponent(self.location.hash.slice(1)));
self.addEventListener = addEventListener;

const postMessage = self.postMessage;
self.postMessage = (message, ...rest) => {
  if (message && message.type === RESULT) {
    for (const group of message.data.items) {
      for (const item of group) {
        for (const word of made) delete item.terms[word];
      }
    }
  }
  return postMessage.call(self, message, ...rest);
};

addEventListener.call(self, "message", (event) => {
  let data = event.data;
  if (data && data.type === SETUP) declared = FIELD in (data.data.config.fields || {});
  if (data && data.type === QUERY && declared) data = { ...data, data: rewrite(String(data.data)) };
  for (const listener of listeners) listener({ data });
});
})();
