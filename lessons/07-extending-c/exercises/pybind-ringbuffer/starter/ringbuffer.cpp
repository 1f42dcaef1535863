// ringbuffer: a fixed-capacity ring buffer of doubles in C++, bound to Python with pybind11.
//
//     >>> from ringbuffer import RingBuffer
//     >>> rb = RingBuffer(3)
//     >>> for x in (1.0, 2.0, 3.0, 4.0):
//     ...     rb.push(x)              # when full, a push overwrites the oldest value
//     >>> list(rb), rb[-1], len(rb), rb.capacity
//     ([2.0, 3.0, 4.0], 4.0, 3, 3)
//     >>> import numpy as np
//     >>> np.asarray(rb)              # the buffer protocol: numpy reads the C++ storage, no copy
//     array([2., 3., 4.])
//     >>> rb.view()                   # a numpy array over the same memory, keeping rb alive
//     array([2., 3., 4.])
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <algorithm>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

namespace py = pybind11;

// The C++ side knows nothing about Python: it could be used from any C++ program.
template <typename T>
class RingBuffer {
public:
    // The storage is allocated once, here, and never again: every pointer into it stays valid for the
    // buffer's whole life.
    explicit RingBuffer(std::size_t capacity) : data_(capacity) {
        if (capacity == 0) {
            throw std::invalid_argument("a RingBuffer needs a capacity of at least 1");
        }
    }

    // Appends a value; when the buffer is full, the oldest value is overwritten.
    void push(T value) {
        data_[(start_ + size_) % data_.size()] = value;
        if (size_ < data_.size()) {
            ++size_;
        } else {
            start_ = (start_ + 1) % data_.size();
        }
    }

    // The i-th oldest value.
    T &at(std::size_t i) {
        if (i >= size_) {
            // TODO: the right exception type (see the table in the instructions).
            throw std::runtime_error("RingBuffer index " + std::to_string(i) + " out of range");
        }
        return data_[(start_ + i) % data_.size()];
    }

    std::size_t size() const { return size_; }
    std::size_t capacity() const { return data_.size(); }

    // Rotates the storage in place so that the oldest value comes first, and returns a pointer to it: the
    // contents are then first[0], ..., first[size() - 1], one contiguous block. No allocation, nothing moves
    // to another address.
    T *linearize() {
        std::rotate(data_.begin(), data_.begin() + static_cast<std::ptrdiff_t>(start_), data_.end());
        start_ = 0;
        return data_.data();
    }

private:
    std::vector<T> data_;
    std::size_t start_ = 0;  // index of the oldest value in data_
    std::size_t size_ = 0;   // how many values are stored
};

using DoubleRing = RingBuffer<double>;

PYBIND11_MODULE(ringbuffer, m) {
    m.doc() = "A fixed-capacity ring buffer of floats, in C++, that numpy can read without copying.";

    // TODO: the buffer protocol (py::buffer_protocol() here, and a .def_buffer below).
    py::class_<DoubleRing>(m, "RingBuffer")
        .def(py::init<std::size_t>(), py::arg("capacity"))
        .def("push", &DoubleRing::push, py::arg("value"), "Append a value, overwriting the oldest when full.")
        .def("__len__", &DoubleRing::size)
        .def_property_readonly("capacity", &DoubleRing::capacity)
        .def(
            "__getitem__",
            [](DoubleRing &ring, std::size_t index) {
                // TODO: negative indexes count from the newest value, as everywhere in Python.
                return ring.at(index);
            },
            py::arg("index"))
        .def(
            "view",
            [](DoubleRing &ring) {
                // TODO: this copies the contents into a new array. Share the memory instead, and make the
                // array keep the RingBuffer alive.
                double *first = ring.linearize();
                return py::array_t<double>(static_cast<py::ssize_t>(ring.size()), first);
            },
            "A writable numpy array over the contents (oldest first), sharing memory with the buffer.");
}
