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
    // buffer's whole life. That is what makes it safe to hand out views (a std::vector that grew would move
    // its elements and leave every view dangling).
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

    // The i-th oldest value. Checked: a bad index throws std::out_of_range (pybind11 turns it into IndexError).
    T &at(std::size_t i) {
        if (i >= size_) {
            throw std::out_of_range("RingBuffer index " + std::to_string(i) + " out of range for size " +
                                    std::to_string(size_));
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

    // py::buffer_protocol() lets the class export its memory (memoryview(rb), np.asarray(rb)).
    py::class_<DoubleRing>(m, "RingBuffer", py::buffer_protocol())
        .def(py::init<std::size_t>(), py::arg("capacity"))
        .def("push", &DoubleRing::push, py::arg("value"), "Append a value, overwriting the oldest when full.")
        .def("__len__", &DoubleRing::size)
        .def_property_readonly("capacity", &DoubleRing::capacity)
        .def(
            "__getitem__",
            [](DoubleRing &ring, py::ssize_t index) {
                // Python's negative indexes count from the newest value. Anything still out of range reaches
                // at(), whose std::out_of_range becomes IndexError: that is also what ends a for loop over
                // an object that only has __len__ and __getitem__.
                if (index < 0) {
                    index += static_cast<py::ssize_t>(ring.size());
                }
                if (index < 0) {
                    throw std::out_of_range("RingBuffer index out of range");
                }
                return ring.at(static_cast<std::size_t>(index));
            },
            py::arg("index"))
        // The buffer protocol: describe the memory (address, item type and size, shape, strides). pybind11
        // stores the RingBuffer object in the Py_buffer, so a memoryview keeps it alive.
        .def_buffer([](DoubleRing &ring) -> py::buffer_info {
            double *first = ring.linearize();
            return py::buffer_info(first,                                          // the data
                                   sizeof(double),                                 // bytes per item
                                   py::format_descriptor<double>::format(),        // "d"
                                   1,                                              // dimensions
                                   {static_cast<py::ssize_t>(ring.size())},        // shape
                                   {static_cast<py::ssize_t>(sizeof(double))});    // strides, in bytes
        })
        // A numpy array over the same memory. Taking `self` as a py::object gives us the Python object to pass
        // as the array's base: the array holds a reference to it, so the RingBuffer (and its storage) lives
        // as long as the array does. Without a base, pybind11 would copy the data instead.
        .def(
            "view",
            [](py::object self) {
                DoubleRing &ring = self.cast<DoubleRing &>();
                double *first = ring.linearize();
                return py::array_t<double>({static_cast<py::ssize_t>(ring.size())},
                                           {static_cast<py::ssize_t>(sizeof(double))}, first, self);
            },
            "A writable numpy array over the contents (oldest first), sharing memory with the buffer.");
}
