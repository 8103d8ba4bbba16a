//! The checker that grades the lesson's exercises. Not built yet: see the project README's
//! roadmap.
