// Imported first by the CLI: React picks its build when first loaded, and the development build
// costs the TUI a third more CPU per frame. A user's explicit NODE_ENV still wins.
process.env.NODE_ENV ??= 'production';
