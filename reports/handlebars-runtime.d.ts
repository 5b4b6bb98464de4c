// handlebars ships runtime.js (the renderer without the compiler) with an empty declaration;
// its API is the full module's, minus compile/precompile, which the reports never call.
declare module 'handlebars/runtime.js' {
  import Handlebars from 'handlebars';
  export default Handlebars;
}
