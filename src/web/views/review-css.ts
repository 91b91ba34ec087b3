/**
 * Styles of the review card. The same string is inlined in the downloadable file and the
 * share page, which must look right with nothing else around them.
 */
export const REVIEW_CSS = `
.yir { --g1:#0f3d24; --g2:#127a3e; --g3:#1db954; font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; color:#17171c; line-height:1.45; }
.yir * { box-sizing: border-box; }
.yir-hero { background: linear-gradient(135deg, var(--g1), var(--g2) 55%, var(--g3)); color:#fff; border-radius: 1rem; padding: 1.5rem; margin-bottom: 1rem; display: flex; gap: 1rem; align-items: center; justify-content: space-between; flex-wrap: wrap; }
.yir-hero h1 { margin: 0 0 .25rem; font-size: clamp(1.4rem, 5vw, 2.2rem); letter-spacing: -.02em; overflow-wrap: anywhere; }
.yir-big { font-size: clamp(2.2rem, 10vw, 4.2rem); font-weight: 800; letter-spacing: -.03em; line-height: 1; margin: .75rem 0 .25rem; }
.yir-sub { opacity: .9; margin: 0; }
.yir-hero > div:first-child { flex: 1 1 16rem; min-width: 0; }
.yir-star { text-align: center; max-width: 10rem; flex: 0 0 auto; margin-inline: auto; }
.yir-star img, .yir-star .yir-ph { width: 8rem; height: 8rem; border-radius: .75rem; box-shadow: 0 6px 20px rgba(0,0,0,.3); font-size: 3rem; }
.yir-star p { margin: .4rem 0 0; font-size: .9rem; overflow-wrap: anywhere; }
.yir-facts { display: grid; gap: .75rem; grid-template-columns: repeat(auto-fit, minmax(min(100%, 9.5rem), 1fr)); margin: 0 0 1rem; }
.yir-fact { background: #fff; border: 1px solid #e2e1dc; border-radius: .75rem; padding: .8rem 1rem; }
.yir-fact dt { color: #5b5d66; font-size: .85rem; }
.yir-fact dd { margin: .1rem 0 0; font-size: clamp(1.05rem, 4.5vw, 1.25rem); font-weight: 700; overflow-wrap: anywhere; }
.yir-fact dd small { display:block; font-size: .85rem; font-weight: 400; color:#5b5d66; }
.yir-cols { display: grid; gap: 1rem; grid-template-columns: repeat(auto-fit, minmax(min(100%, 20rem), 1fr)); margin-bottom: 1rem; }
.yir-card { background: #fff; border: 1px solid #e2e1dc; border-radius: .75rem; padding: 1rem; min-width: 0; }
.yir-card h2 { margin: 0 0 .5rem; font-size: 1.1rem; }
.yir-card svg { width: 100%; height: auto; display: block; }
.yir-clock svg { max-width: 20rem; margin: 0 auto; }
.yir-list { list-style: none; margin: 0; padding: 0; }
.yir-list li { display: flex; gap: .75rem; align-items: center; padding: .35rem 0; min-width: 0; }
.yir-list .yir-rank { width: 1.2rem; color: #5b5d66; font-weight: 700; text-align: right; flex: none; }
.yir-list img, .yir-list .yir-ph { width: 3rem; height: 3rem; border-radius: .4rem; flex: none; object-fit: cover; font-size: 1.3rem; }
.yir-list .yir-what { min-width: 0; overflow-wrap: anywhere; }
.yir-list strong { display: block; }
.yir-ph { display: inline-flex; align-items: center; justify-content: center; background: linear-gradient(135deg, #127a3e, #1db954); color: #fff; font-weight: 800; }
.yir-star img, .yir-list img { object-fit: cover; background: #e2e1dc; }
.yir-muted { color: #5b5d66; font-size: .875rem; }
.yir .yir-m { fill: #5b5d66; }
.yir .yir-line { stroke: #d5d4cf; }
@media (prefers-color-scheme: dark) {
  .yir { color: #ececf0; }
  .yir-fact, .yir-card { background: #1b1c20; border-color: #32343a; }
  .yir-fact dt, .yir-fact dd small, .yir-muted, .yir-list .yir-rank { color: #a5a7b1; }
  .yir .yir-m { fill: #a5a7b1; }
  .yir .yir-line { stroke: #3a3c42; }
}
`;
