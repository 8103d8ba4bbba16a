//! The instructor's integration tests, one binary (see `autotests = false`): the student
//! edition written from this workspace (`edition`), and a class at once, through the library
//! and the `instructor` binary, against our app and the checker's fixture app (`load`).

mod edition;
mod load;

/// The `instructor` binary.
pub fn instructor_bin() -> assert_cmd::Command {
    assert_cmd::Command::cargo_bin("instructor").unwrap()
}
