/** The chat of one collection, at `/c/<name>`: the same page as `/`, talking to it. */
export { default, handler } from "../index.tsx";
