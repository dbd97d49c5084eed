/** Prints one line of the tour, tagged with where it comes from. */
export function show(tag: string, text: string): void {
  console.log(`${`[${tag}]`.padEnd(10)} ${text}`);
}
