//! The course's app (GitHub and Google login, `/me`, `POST /logout`, disconnect). Not built
//! yet: see the project README's roadmap.
